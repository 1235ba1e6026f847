namespace SegmentFunctions.Domain.Features;

/// <summary>
/// Evaluation and update of exponentially decayed sums S(t) = sum_i w_i 2^(-(t - t_i)/h) (see <see cref="DecayedActivity"/>).
/// </summary>
public static class DecayedActivityMath
{
    private const double TicksPerDay = TimeSpan.TicksPerDay;

    /// <summary>Factor 2^(-(to - from)/h) that carries a decayed sum from <paramref name="from"/> to a later time.</summary>
    public static double DecayFactor(DateTimeOffset from, DateTimeOffset to, double halfLifeDays) =>
        Math.Pow(2.0, -(to.UtcTicks - from.UtcTicks) / TicksPerDay / halfLifeDays);

    /// <summary>Decayed event count for half-life <paramref name="index"/> at <paramref name="at"/> (at or after AsOf).</summary>
    public static double ActivityAt(this DecayedActivity decay, int index, DateTimeOffset at) =>
        ValueAt(decay, decay.Activity, index, at);

    /// <summary>Decayed purchase amount for half-life <paramref name="index"/> at <paramref name="at"/> (at or after AsOf).</summary>
    public static double SpendAt(this DecayedActivity decay, int index, DateTimeOffset at) =>
        ValueAt(decay, decay.Spend, index, at);

    /// <summary>Index of the half-life <paramref name="halfLifeDays"/>, or -1 when the document does not track it.</summary>
    public static int IndexOfHalfLife(this DecayedActivity decay, int halfLifeDays) =>
        Array.IndexOf(decay.HalfLivesDays, halfLifeDays);

    /// <summary>
    /// Adds weight <paramref name="activityWeight"/> / <paramref name="spendWeight"/> observed at <paramref name="at"/>.
    /// An event at or before AsOf is decayed to AsOf; a later one first carries the sums forward to it. Either way the
    /// result equals the closed-form sum at max(AsOf, at), so late events fold in exactly.
    /// </summary>
    public static void Add(this DecayedActivity decay, DateTimeOffset at, double activityWeight, double spendWeight)
    {
        ArgumentNullException.ThrowIfNull(decay);
        var halfLives = decay.HalfLivesDays;
        if (decay.AsOf is not { } asOf)
        {
            for (var i = 0; i < halfLives.Length; i++)
            {
                decay.Activity[i] = activityWeight;
                decay.Spend[i] = spendWeight;
            }

            decay.AsOf = at;
            return;
        }

        if (at <= asOf)
        {
            for (var i = 0; i < halfLives.Length; i++)
            {
                var factor = DecayFactor(at, asOf, halfLives[i]);
                decay.Activity[i] += activityWeight * factor;
                decay.Spend[i] += spendWeight * factor;
            }

            return;
        }

        for (var i = 0; i < halfLives.Length; i++)
        {
            var factor = DecayFactor(asOf, at, halfLives[i]);
            decay.Activity[i] = decay.Activity[i] * factor + activityWeight;
            decay.Spend[i] = decay.Spend[i] * factor + spendWeight;
        }

        decay.AsOf = at;
    }

    private static double ValueAt(DecayedActivity decay, double[] sums, int index, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(decay);
        if (decay.AsOf is not { } asOf)
        {
            return 0.0;
        }

        if (at < asOf)
        {
            throw new ArgumentOutOfRangeException(nameof(at), at, $"Decayed sums are known from {asOf:O} on; they cannot be evaluated earlier.");
        }

        return sums[index] * DecayFactor(asOf, at, decay.HalfLivesDays[index]);
    }
}
