namespace SegmentFunctions.Application.Registry;

/// <summary>A version is immutable: publishing an id that is already published fails.</summary>
public sealed class ModelVersionExistsException(string version)
    : Exception($"Model version '{version}' is already published; versions are immutable, publish under a new id.")
{
    public string Version { get; } = version;
}
