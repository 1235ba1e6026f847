using SegmentFunctions.Domain.Models.Segmentation;

namespace SegmentFunctions.Cli.Report;

/// <summary>
/// How customers moved since the previous model: rows are the previous model's segments (named by
/// <see cref="PreviousNames"/>), columns the current ones. Matched segments keep their id, so equal ids mean "stayed".
/// </summary>
internal sealed record SegmentFlows(SegmentFlowMatrix Matrix, IReadOnlyList<SegmentName> PreviousNames, string PreviousModelVersion)
{
    public string PreviousNameOf(int segment) =>
        PreviousNames.FirstOrDefault(n => n.Segment == segment)?.Name ?? $"Segment {segment}";
}
