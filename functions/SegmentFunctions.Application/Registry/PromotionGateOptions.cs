namespace SegmentFunctions.Application.Registry;

/// <summary>Champion/challenger thresholds, bound from the configuration section <see cref="SectionName"/>.</summary>
public sealed class PromotionGateOptions
{
    public const string SectionName = "PromotionGate";

    /// <summary>The challenger may trail the champion's holdout AUC by at most this much (retraining noise).</summary>
    public double AucTolerance { get; set; } = 0.005;

    /// <summary>A challenger below this holdout AUC is not sound, champion or not.</summary>
    public double MinimumAuc { get; set; } = 0.6;

    /// <summary>Fewer segments than this (in particular a single one) is a degenerate segmentation.</summary>
    public int MinSegments { get; set; } = 2;

    /// <summary>Every segment must hold at least this share of the customers ...</summary>
    public double MinSegmentShare { get; set; } = 0.01;

    /// <summary>... and at least this many customers.</summary>
    public long MinSegmentCustomers { get; set; } = 20;
}
