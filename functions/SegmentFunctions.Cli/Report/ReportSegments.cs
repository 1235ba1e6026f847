using SegmentFunctions.Domain.Models.Segmentation;

namespace SegmentFunctions.Cli.Report;

/// <summary>The segments of the published model: profiles in original and standardized units, and their names.</summary>
internal sealed record ReportSegments(SegmentProfileSet Profiles, IReadOnlyList<SegmentName> Names)
{
    /// <summary>The segment's human name, or "Segment {id}" when the namer gave it none.</summary>
    public string NameOf(int segment) =>
        Names.FirstOrDefault(n => n.Segment == segment)?.Name ?? $"Segment {segment}";

    /// <summary>The suggested marketing action, or an empty string.</summary>
    public string ActionOf(int segment) =>
        Names.FirstOrDefault(n => n.Segment == segment)?.Action ?? string.Empty;

    /// <summary>Segments with at least one customer, in profile order (the order of every chart and table).</summary>
    public IReadOnlyList<SegmentProfile> NonEmpty =>
        Profiles.Segments.Where(s => s.Size > 0).ToArray();
}
