using System.Globalization;

namespace SegmentFunctions.Application.Registry;

/// <summary>
/// Champion/challenger gate: a challenger is promoted when it is sound by itself (AUC at least
/// <see cref="PromotionGateOptions.MinimumAuc"/>, no degenerate segment) and, when a champion serves, its holdout AUC
/// is not worse than the champion's beyond <see cref="PromotionGateOptions.AucTolerance"/>. Without a champion (cold
/// start) soundness suffices.
/// </summary>
public sealed class PromotionGate
{
    private readonly PromotionGateOptions _options;

    public PromotionGate(PromotionGateOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!(options.AucTolerance >= 0) || !(options.MinimumAuc is >= 0 and <= 1) || options.MinSegments < 1
            || !(options.MinSegmentShare is >= 0 and < 1) || options.MinSegmentCustomers < 0)
        {
            throw new ArgumentException(
                "PromotionGate options need AucTolerance >= 0, MinimumAuc in [0, 1], MinSegments >= 1, MinSegmentShare in [0, 1) and MinSegmentCustomers >= 0.",
                nameof(options));
        }

        _options = options;
    }

    public PromotionDecision Decide(ModelEvaluation? champion, ModelEvaluation challenger)
    {
        ArgumentNullException.ThrowIfNull(challenger);
        if (SoundnessProblem(challenger) is { } problem)
        {
            return new PromotionDecision(false, $"Challenger rejected: {problem}.");
        }

        var segments = Describe(challenger.SegmentSizes);
        if (champion is null)
        {
            return new PromotionDecision(true, $"Cold start: challenger AUC {F(challenger.Auc)} with {segments}.");
        }

        if (!double.IsFinite(champion.Auc))
        {
            return new PromotionDecision(true, $"Champion AUC is not a number; challenger AUC {F(challenger.Auc)} with {segments}.");
        }

        var delta = challenger.Auc - champion.Auc;
        if (delta < -_options.AucTolerance)
        {
            return new PromotionDecision(false,
                $"Challenger rejected: AUC {F(challenger.Auc)} is {F(-delta)} below the champion's {F(champion.Auc)} (tolerance {F(_options.AucTolerance)}).");
        }

        var comparison = delta >= 0
            ? $"AUC {F(challenger.Auc)} vs champion {F(champion.Auc)} (+{F(delta)})"
            : $"AUC {F(challenger.Auc)} vs champion {F(champion.Auc)} ({F(delta)}, within tolerance {F(_options.AucTolerance)})";
        return new PromotionDecision(true, $"Challenger promoted: {comparison} with {segments}.");
    }

    /// <summary>
    /// The decision without churn labels (no snapshot near T - H yet, so no AUC on either side): the challenger's
    /// segments must not be degenerate. Meant for a cold start, or a forced run; the caller decides whether a serving
    /// champion may be replaced unmeasured.
    /// </summary>
    public PromotionDecision DecideOnSegments(IReadOnlyList<long> segmentSizes)
    {
        ArgumentNullException.ThrowIfNull(segmentSizes);
        return SegmentProblem(segmentSizes) is { } problem
            ? new PromotionDecision(false, $"Challenger rejected: {problem}.")
            : new PromotionDecision(true, $"No churn labels yet: challenger accepted on its segments alone, {Describe(segmentSizes)}.");
    }

    private string? SoundnessProblem(ModelEvaluation challenger)
    {
        if (!double.IsFinite(challenger.Auc) || challenger.Auc is < 0 or > 1)
        {
            return $"AUC {F(challenger.Auc)} is not a probability";
        }

        if (challenger.Auc < _options.MinimumAuc)
        {
            return $"AUC {F(challenger.Auc)} is below the minimum {F(_options.MinimumAuc)}";
        }

        return SegmentProblem(challenger.SegmentSizes);
    }

    private string? SegmentProblem(IReadOnlyList<long> sizes)
    {
        if (sizes.Count < _options.MinSegments)
        {
            return $"{sizes.Count} segment(s), fewer than the minimum {_options.MinSegments}";
        }

        if (sizes.Any(s => s < 0))
        {
            return "a segment size is negative";
        }

        var total = sizes.Sum();
        var floor = Math.Max(_options.MinSegmentCustomers, (long)Math.Ceiling(_options.MinSegmentShare * total));
        for (var i = 0; i < sizes.Count; i++)
        {
            if (sizes[i] < floor)
            {
                return $"segment {i} holds {sizes[i]} of {total} customers ({Share(sizes[i], total)}), below the minimum of {floor} "
                    + $"({F(_options.MinSegmentShare * 100)}% and at least {_options.MinSegmentCustomers})";
            }
        }

        return null;
    }

    private static string Describe(IReadOnlyList<long> sizes)
    {
        var total = sizes.Sum();
        return $"{sizes.Count} segments, smallest {sizes.Min()} customers ({Share(sizes.Min(), total)})";
    }

    private static string Share(long part, long total) =>
        total == 0 ? "0%" : (100.0 * part / total).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static string F(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
