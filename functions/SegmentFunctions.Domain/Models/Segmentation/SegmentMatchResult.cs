namespace SegmentFunctions.Domain.Models.Segmentation;

/// <summary>
/// The stable identity of each new segment (indexed by the new model's segment number): the matched previous id and
/// name, or a fresh id with a null name. <see cref="ChangedShare"/> and <see cref="Flows"/> are set when both
/// assignments of the same customers are known.
/// </summary>
public sealed record SegmentMatchResult(
    IReadOnlyList<int> Ids,
    IReadOnlyList<string?> CarriedNames,
    double? ChangedShare,
    SegmentFlowMatrix? Flows)
{
    public bool IsNew(int segment) => CarriedNames[segment] is null;
}
