namespace SegmentFunctions.Application.Registry;

/// <summary>
/// models/current.json changed between the caller's read and its promotion (another promotion or rollback won).
/// <see cref="Current"/> is the pointer as it is now, to decide again from.
/// </summary>
public sealed class ModelPromotionConflictException(string version, CurrentModelPointer? current)
    : Exception(
        $"Promotion of model version '{version}' was refused: the current model changed concurrently. "
        + (current is null
            ? "No model is current now."
            : $"It now serves '{current.Model.Version}' (promoted at {current.Model.PromotedAt:O}: {current.Model.Reason}).")
        + " Re-read the current model and decide again.")
{
    public string Version { get; } = version;
    public CurrentModelPointer? Current { get; } = current;
}
