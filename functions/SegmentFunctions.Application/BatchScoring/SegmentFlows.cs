namespace SegmentFunctions.Application.BatchScoring;

/// <summary>
/// How customers moved between segments from <see cref="PreviousVersion"/>'s batch scores to
/// <see cref="Version"/>'s, matched by customer id (<c>scores/{Version}/flows.json</c>). <see cref="ShareChanged"/> is
/// <see cref="Changed"/> / <see cref="Matched"/> (0 when nobody matched). Flows are ordered by from, then to
/// (nulls first), and include the unchanged ones (from == to).
/// </summary>
public sealed record SegmentFlows(
    string Version,
    string PreviousVersion,
    long Matched,
    long Changed,
    double ShareChanged,
    long New,
    long Departed,
    IReadOnlyList<SegmentFlow> Flows);
