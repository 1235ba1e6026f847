namespace SegmentFunctions.Domain.Training;

/// <summary>
/// Feature documents hold events after the table's cut-off T: their counts would leak the future into training.
/// Build the table from a snapshot taken at T instead.
/// </summary>
public sealed class FeaturesNewerThanAsOfException(int count, string exampleCustomerId, DateTimeOffset asOf)
    : InvalidOperationException(
        $"{count} feature document(s) (e.g. customer '{exampleCustomerId}') contain events after the cut-off {asOf:O}; " +
        "build the training table from a snapshot of the documents taken at the cut-off.")
{
    public int Count { get; } = count;
}
