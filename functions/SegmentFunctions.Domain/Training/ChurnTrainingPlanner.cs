namespace SegmentFunctions.Domain.Training;

/// <summary>
/// Chooses the cut-offs and label horizon of a churn classifier from the history's span S = T - (earliest first-seen
/// time) and the horizon H:
/// <list type="bullet">
/// <item>If the history before T - H is at least <c>minHistoryInHorizons</c> x H and the documents as of T - H are at
/// hand: one cut-off T - H, horizon H.</item>
/// <item>Otherwise (a short history, or no documents as of T - H) a rolling origin from the documents at T: h = min(H, S / 3) days, cut-offs c_j = T - h - j x h/3 (floored to UTC midnight)
/// for j = 0, 1, ... while at least h days of history precede c_j, at most <see cref="MaxCutoffs"/>. S / 3 leaves two h
/// of history before the latest cut-off and room for four cut-offs, so each customer appears up to four times, at
/// different ages, and every label window (c_j, c_j + h] ends by T. The classifier then predicts "no purchase in h
/// days"; ranked against H-day churn that is the same ordering question over a shorter window.</item>
/// <item>No plan when h would be shorter than <see cref="MinHorizonDays"/>: too little history for any label.</item>
/// </list>
/// </summary>
public static class ChurnTrainingPlanner
{
    public const int MinHorizonDays = 14;
    public const int MaxCutoffs = 4;

    /// <param name="cutoffDocuments">Whether feature documents as of T - H exist (a snapshot taken then).</param>
    public static ChurnTrainingPlan? Plan(
        DateTimeOffset earliest, DateTimeOffset asOf, int horizonDays, double minHistoryInHorizons, bool cutoffDocuments = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(horizonDays, 1);
        var full = asOf.AddDays(-horizonDays);
        if (cutoffDocuments && (full - earliest).TotalDays >= minHistoryInHorizons * horizonDays)
        {
            return new ChurnTrainingPlan([full], horizonDays, IsRollingOrigin: false);
        }

        var span = (asOf - earliest).TotalDays;
        var h = (int)Math.Min(horizonDays, Math.Floor(span / 3));
        if (h < MinHorizonDays)
        {
            return null;
        }

        var step = Math.Max(1, h / 3);
        var cutoffs = new List<DateTimeOffset>();
        for (var j = 0; j < MaxCutoffs; j++)
        {
            var cutoff = AsOfDays.StartOf(DateOnly.FromDateTime(asOf.AddDays(-h - (j * step)).UtcDateTime));
            if ((cutoff - earliest).TotalDays < h)
            {
                break;
            }

            cutoffs.Add(cutoff);
        }

        return cutoffs.Count == 0 ? null : new ChurnTrainingPlan(cutoffs, h, IsRollingOrigin: true);
    }

    /// <summary>
    /// The latest cut-off and horizon of every plan <see cref="Plan"/> can return for these arguments, whatever the
    /// earliest time: T - H with H, and for each rolling horizon h from <see cref="MinHorizonDays"/> to H its latest
    /// cut-off. A one-pass reader counts its labels at each of them before the earliest time is known.
    /// </summary>
    public static IReadOnlyList<(DateTimeOffset Cutoff, int HorizonDays)> LatestCutoffs(DateTimeOffset asOf, int horizonDays, bool cutoffDocuments = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(horizonDays, 1);
        var windows = new List<(DateTimeOffset, int)>();
        if (cutoffDocuments)
        {
            windows.Add((asOf.AddDays(-horizonDays), horizonDays));
        }

        for (var h = MinHorizonDays; h <= horizonDays; h++)
        {
            windows.Add((AsOfDays.StartOf(DateOnly.FromDateTime(asOf.AddDays(-h).UtcDateTime)), h));
        }

        return windows;
    }
}
