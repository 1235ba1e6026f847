using System.Globalization;
using SegmentFunctions.Domain.Models;

namespace SegmentFunctions.Cli.Report;

/// <summary>
/// How the report names a feature column for a marketer: what it measures and in which unit ("days since last
/// purchase", "recent spend (7-day half-life)"), not the column's code name. Columns without a label here read as
/// their words (<see cref="ReportFormat.Words"/>), so a new column is never shown blank.
/// </summary>
internal static class FeatureLabels
{
    private const string DecayedActivityPrefix = "decayedActivity";
    private const string DecayedSpendPrefix = "decayedSpend";

    private static readonly Dictionary<string, string> Labels = new(StringComparer.Ordinal)
    {
        [FeatureNames.RecencyDays] = "days since last purchase",
        [FeatureNames.HasPurchased] = "has purchased (0/1)",
        [FeatureNames.Frequency] = "repeat purchase days",
        [FeatureNames.Monetary] = "spend per repeat purchase",
        [FeatureNames.TenureDays] = "days since first seen",
        [FeatureNames.BgNbdTx] = "time of last repeat purchase (t_x)",
        [FeatureNames.BgNbdT] = "time since first purchase (T)",
        [FeatureNames.Revenue] = "revenue",
        [FeatureNames.Orders] = "orders",
        [FeatureNames.MeanInterPurchaseDays] = "days between purchases",
        [FeatureNames.Sessions] = "sessions",
        [FeatureNames.ViewsPerSession] = "views per session",
        [FeatureNames.CartToPurchase] = "orders per cart",
        [FeatureNames.EmailOpens] = "e-mails opened",
        [FeatureNames.EmailClickRate] = "e-mail clicks per open",
        [FeatureNames.RefundRate] = "refunds per order",
        [FeatureNames.SupportContacts] = "support contacts",
        [FeatureNames.SessionsPerYear] = "sessions per year",
        [FeatureNames.EmailOpensPerYear] = "e-mails opened per year",
        [FeatureNames.CartsPerSession] = "carts per session",
        [FeatureNames.EmailClicksPerOpen] = "e-mail clicks per open (smoothed)",
        [FeatureNames.LifetimeExpectedPurchases] = "expected purchases (BG/NBD)",
        [FeatureNames.LifetimeProbabilityAlive] = "probability still active (BG/NBD)",
    };

    public static string For(string column)
    {
        if (Labels.TryGetValue(column, out var label))
        {
            return label;
        }

        if (HalfLife(column, DecayedActivityPrefix) is { } activityDays)
        {
            return $"recent activity ({activityDays}-day half-life)";
        }

        return HalfLife(column, DecayedSpendPrefix) is { } spendDays
            ? $"recent spend ({spendDays}-day half-life)"
            : ReportFormat.Words(column);
    }

    private static int? HalfLife(string column, string prefix) =>
        column.StartsWith(prefix, StringComparison.Ordinal)
        && int.TryParse(column.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var days)
            ? days
            : null;
}
