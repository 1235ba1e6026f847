namespace SegmentFunctions.Domain.Models;

/// <summary>
/// The one vocabulary of per-customer feature columns, camelCase as in the JSON API: the training table computes
/// <see cref="All"/> in this order (<see cref="Training.TrainingRowFeaturizer"/>), segmentation, churn and segment
/// naming read columns by these names. Imputation of undefined values (documented here once, applied by the
/// featurizer and counted in <see cref="Training.TrainingTableReport.ImputedCounts"/>):
/// <list type="bullet">
/// <item><see cref="RecencyDays"/>: days from the start of the last purchase day to T; a customer who never bought gets
/// days since first seen (flagged by <see cref="HasPurchased"/> = 0).</item>
/// <item><see cref="Frequency"/>: BG/NBD x, repeat purchase days (purchase days known at T minus one; 0 for non-buyers).</item>
/// <item><see cref="Monetary"/>: mean spend per repeat purchase day (Gamma-Gamma convention, first day excluded); for
/// x = 0 the first purchase day's spend; 0 for non-buyers.</item>
/// <item><see cref="BgNbdTx"/>, <see cref="BgNbdT"/>: time of last purchase and age, from the first purchase day, in the
/// table's unit; non-buyers get t_x = 0 and T = time since first seen.</item>
/// <item><see cref="MeanInterPurchaseDays"/>: mean days between purchase days; with fewer than two purchase days, the
/// days since the first purchase (or first seen), a lower bound of the first gap.</item>
/// <item>Ratios with a zero denominator are 0 (<see cref="ViewsPerSession"/>, <see cref="EmailClickRate"/>,
/// <see cref="RefundRate"/>), except <see cref="CartToPurchase"/> = 1 for buyers without cart events.</item>
/// <item><see cref="SessionsPerYear"/>, <see cref="EmailOpensPerYear"/>: the Gamma-Poisson posterior mean rate
/// (count + 0.5) / (active weeks + 2), per 52 weeks: a weak prior of half an event in two weeks keeps new
/// customers finite and, unlike a raw count, does not grow with tenure. Active weeks run from first to last seen, at
/// least 13 (or the whole tenure when shorter), so a customer who stopped visiting keeps the rate it had while
/// engaged and the rate describes its kind, not its lapse.</item>
/// <item><see cref="CartsPerSession"/>: (add-to-cart events + 2.5) / (sessions + 5), shrunk towards one cart every two
/// sessions, and <see cref="EmailClicksPerOpen"/>: (clicks + 1) / (opens + 5), shrunk towards one click in five opens
/// (Beta-Binomial posterior means), so customers with a handful of events do not form spikes at 0 or 1.</item>
/// <item>Decayed sums are evaluated at T; a half-life the document does not carry is 0.</item>
/// </list>
/// </summary>
public static class FeatureNames
{
    /// <summary>Days since the last purchase day (days since first seen for customers without a purchase) at T.</summary>
    public const string RecencyDays = "recencyDays";

    /// <summary>1 for customers with a purchase day before T, else 0.</summary>
    public const string HasPurchased = "hasPurchased";

    /// <summary>Repeat purchase days (BG/NBD x).</summary>
    public const string Frequency = "frequency";

    /// <summary>Mean spend per repeat purchase day (Gamma-Gamma zbar); the first day's spend for one-day buyers.</summary>
    public const string Monetary = "monetary";

    /// <summary>Days since the customer was first seen.</summary>
    public const string TenureDays = "tenureDays";

    /// <summary>BG/NBD t_x in the table's time unit.</summary>
    public const string BgNbdTx = "bgnbdTx";

    /// <summary>BG/NBD T in the table's time unit.</summary>
    public const string BgNbdT = "bgnbdT";

    /// <summary>Total revenue of the customer in the shop currency.</summary>
    public const string Revenue = "revenue";

    /// <summary>Number of distinct orders.</summary>
    public const string Orders = "orders";

    /// <summary>Mean days between consecutive purchase days.</summary>
    public const string MeanInterPurchaseDays = "meanInterPurchaseDays";

    /// <summary>Browsing sessions started.</summary>
    public const string Sessions = "sessions";

    /// <summary>Page and product views per session.</summary>
    public const string ViewsPerSession = "viewsPerSession";

    /// <summary>Orders per add-to-cart event, capped at 1: the cart conversion.</summary>
    public const string CartToPurchase = "cartToPurchase";

    /// <summary>Marketing e-mails opened.</summary>
    public const string EmailOpens = "emailOpens";

    /// <summary>E-mail clicks per open.</summary>
    public const string EmailClickRate = "emailClickRate";

    /// <summary>Refunds per order.</summary>
    public const string RefundRate = "refundRate";

    /// <summary>Support contacts.</summary>
    public const string SupportContacts = "supportContacts";

    /// <summary>Sessions per 52 weeks while active (shrunk rate; see the class remarks).</summary>
    public const string SessionsPerYear = "sessionsPerYear";

    /// <summary>E-mails opened per 52 weeks while active (shrunk rate; see the class remarks).</summary>
    public const string EmailOpensPerYear = "emailOpensPerYear";

    /// <summary>Add-to-cart events per session (shrunk; see the class remarks).</summary>
    public const string CartsPerSession = "cartsPerSession";

    /// <summary>E-mail clicks per open (shrunk; see the class remarks).</summary>
    public const string EmailClicksPerOpen = "emailClicksPerOpen";

    /// <summary>Half-lives of the decayed columns <c>decayedActivity{h}</c> and <c>decayedSpend{h}</c>.</summary>
    public static IReadOnlyList<int> DecayHalfLivesDays { get; } = [7, 30, 90];

    /// <summary>Event count decayed with a 30-day half-life.</summary>
    public const string DecayedActivity30 = "decayedActivity30";

    /// <summary>Purchase amount decayed with a 30-day half-life.</summary>
    public const string DecayedSpend30 = "decayedSpend30";

    public static string DecayedActivity(int halfLifeDays) => $"decayedActivity{halfLifeDays}";

    public static string DecayedSpend(int halfLifeDays) => $"decayedSpend{halfLifeDays}";

    /// <summary>BG/NBD's expected purchases in the churn classifier's horizon, as of the row's time (not in <see cref="All"/>:
    /// it comes from the lifetime model fitted as of that time, <see cref="Training.LifetimeFeatures"/>).</summary>
    public const string LifetimeExpectedPurchases = "lifetimeExpectedPurchases";

    /// <summary>BG/NBD's probability that the customer is alive, as of the row's time (not in <see cref="All"/>).</summary>
    public const string LifetimeProbabilityAlive = "lifetimeProbabilityAlive";

    /// <summary>The columns computed from a fitted BG/NBD model rather than from the feature document.</summary>
    public static IReadOnlyList<string> Lifetime { get; } = [LifetimeExpectedPurchases, LifetimeProbabilityAlive];

    /// <summary>
    /// The columns a feature document gives correctly as of any earlier time, because they come from its purchase days
    /// (which carry their dates) and its first-seen time alone: what a rolling-origin training row as of an earlier
    /// cut-off can hold. Counts, totals and decayed sums are the document's as of its own time and cannot be rewound.
    /// </summary>
    public static IReadOnlyList<string> PurchaseHistory { get; } =
    [
        RecencyDays, HasPurchased, Frequency, Monetary, TenureDays, BgNbdTx, BgNbdT, MeanInterPurchaseDays,
    ];

    /// <summary>Every column of the training table, in the featurizer's order.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        RecencyDays, HasPurchased, Frequency, Monetary, TenureDays, BgNbdTx, BgNbdT, Revenue, Orders, MeanInterPurchaseDays,
        Sessions, ViewsPerSession, CartToPurchase, EmailOpens, EmailClickRate, RefundRate, SupportContacts,
        SessionsPerYear, EmailOpensPerYear, CartsPerSession, EmailClicksPerOpen,
        .. DecayHalfLivesDays.Select(DecayedActivity),
        .. DecayHalfLivesDays.Select(DecayedSpend),
    ];

    /// <summary>Columns that are non-negative and right-skewed, for which a log1p transform precedes standardization.</summary>
    public static IReadOnlySet<string> Skewed { get; } = new HashSet<string>(
        [
            RecencyDays, Frequency, Monetary, TenureDays, BgNbdTx, BgNbdT, Revenue, Orders, MeanInterPurchaseDays, Sessions,
            ViewsPerSession, EmailOpens, SupportContacts, SessionsPerYear, EmailOpensPerYear,
            .. DecayHalfLivesDays.Select(DecayedActivity),
            .. DecayHalfLivesDays.Select(DecayedSpend),
        ],
        StringComparer.Ordinal);
}
