namespace SegmentFunctions.Domain.Training;

/// <summary>
/// The columns <see cref="TrainingRowFeaturizer"/> computes, in order. Imputation of undefined values (documented
/// here once, applied by the featurizer and counted in <see cref="TrainingTableReport.ImputedCounts"/>):
/// <list type="bullet">
/// <item><c>recency_days</c>: days from the start of the last purchase day to T; a customer who never bought gets
/// days since first seen (flagged by <c>has_purchased</c> = 0).</item>
/// <item><c>frequency</c>: BG/NBD x, repeat purchase days (purchase days known at T minus one; 0 for non-buyers).</item>
/// <item><c>monetary</c>: mean spend per repeat purchase day (Gamma-Gamma convention, first day excluded); for x = 0
/// the first purchase day's spend; 0 for non-buyers.</item>
/// <item><c>bgnbd_t_x</c>, <c>bgnbd_T</c>: time of last purchase and age, from the first purchase day, in the table's
/// unit; non-buyers get t_x = 0 and T = time since first seen.</item>
/// <item><c>mean_gap_days</c>: mean days between purchase days; with fewer than two purchase days, the days since the
/// first purchase (or first seen), a lower bound of the first gap.</item>
/// <item>Ratios with a zero denominator are 0 (<c>views_per_session</c>, <c>email_click_rate</c>,
/// <c>refund_rate</c>), except <c>cart_to_purchase</c> = 1 for buyers without cart events.</item>
/// <item>Decayed sums are evaluated at T; a half-life the document does not carry is 0.</item>
/// </list>
/// </summary>
public static class TrainingColumns
{
    public const string RecencyDays = "recency_days";
    public const string HasPurchased = "has_purchased";
    public const string Frequency = "frequency";
    public const string Monetary = "monetary";
    public const string TenureDays = "tenure_days";
    public const string BgNbdTx = "bgnbd_t_x";
    public const string BgNbdT = "bgnbd_T";
    public const string Revenue = "revenue";
    public const string Orders = "orders";
    public const string MeanGapDays = "mean_gap_days";
    public const string Sessions = "sessions";
    public const string ViewsPerSession = "views_per_session";
    public const string CartToPurchase = "cart_to_purchase";
    public const string EmailOpens = "email_opens";
    public const string EmailClickRate = "email_click_rate";
    public const string RefundRate = "refund_rate";
    public const string SupportContacts = "support_contacts";

    /// <summary>Half-lives of the decayed columns <c>activity_decay_{h}d</c> and <c>spend_decay_{h}d</c>.</summary>
    public static IReadOnlyList<int> DecayHalfLivesDays { get; } = [7, 30, 90];

    public static IReadOnlyList<string> All { get; } =
    [
        RecencyDays, HasPurchased, Frequency, Monetary, TenureDays, BgNbdTx, BgNbdT, Revenue, Orders, MeanGapDays,
        Sessions, ViewsPerSession, CartToPurchase, EmailOpens, EmailClickRate, RefundRate, SupportContacts,
        .. DecayHalfLivesDays.Select(h => $"activity_decay_{h}d"),
        .. DecayHalfLivesDays.Select(h => $"spend_decay_{h}d"),
    ];
}
