namespace SegmentFunctions.Domain.Features;

/// <summary>
/// Exponentially time-decayed sums, valid at <see cref="AsOf"/>: S(t) = sum_i w_i * 2^(-(t - t_i) / h) for each
/// half-life h. An event at t_i &lt;= AsOf adds w_i * 2^(-(AsOf - t_i)/h); a later one first decays the sums to t_i.
/// Both orders give the same value up to floating-point rounding, so late events fold in exactly.
/// </summary>
public sealed class DecayedActivity
{
    /// <summary>Half-lives in days; index i of <see cref="Activity"/> and <see cref="Spend"/> uses HalfLivesDays[i].</summary>
    public static readonly int[] DefaultHalfLivesDays = [7, 30, 90];

    public DateTimeOffset? AsOf { get; set; }
    public int[] HalfLivesDays { get; set; } = [.. DefaultHalfLivesDays];
    /// <summary>Decayed count of events of any type.</summary>
    public double[] Activity { get; set; } = new double[DefaultHalfLivesDays.Length];
    /// <summary>Decayed purchase amount (refunds not subtracted).</summary>
    public double[] Spend { get; set; } = new double[DefaultHalfLivesDays.Length];
}
