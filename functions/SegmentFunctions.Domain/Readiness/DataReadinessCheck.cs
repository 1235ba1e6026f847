using System.Globalization;
using SegmentFunctions.Domain.Features;
using SegmentFunctions.Domain.Training;

namespace SegmentFunctions.Domain.Readiness;

/// <summary>
/// Decides whether feature documents at T can train a churn classifier for the window H: enough customers and repeat
/// buyers before the cut-off T - H, enough history before it, few documents with missing times, and both classes in
/// the labels (a purchase day in (T - H, T] or not). Callers refuse to train or use <see cref="DataReadinessReport.Fallback"/>.
/// </summary>
public sealed class DataReadinessCheck(DataReadinessOptions? options = null)
{
    private readonly DataReadinessOptions _options = options ?? new DataReadinessOptions();

    public DataReadinessReport Evaluate(IEnumerable<CustomerFeatures> documentsAtT, DateTimeOffset asOf, int horizonDays)
    {
        ArgumentNullException.ThrowIfNull(documentsAtT);
        ArgumentOutOfRangeException.ThrowIfLessThan(horizonDays, 1);
        var cutoff = asOf.AddDays(-horizonDays);
        int documents = 0, missing = 0, customers = 0, repeatBuyers = 0, churners = 0;
        DateTimeOffset? earliest = null;
        foreach (var doc in documentsAtT)
        {
            documents++;
            if (doc.FirstSeenAt is null || doc.LastSeenAt is null)
            {
                missing++;
                continue;
            }

            if (earliest is null || doc.FirstSeenAt < earliest)
            {
                earliest = doc.FirstSeenAt;
            }

            if (doc.FirstSeenAt >= cutoff)
            {
                continue;
            }

            customers++;
            if (doc.PurchaseDays.Count(d => AsOfDays.IsKnownAt(d.Date, cutoff)) >= 2)
            {
                repeatBuyers++;
            }

            if (!doc.PurchaseDays.Any(d => AsOfDays.IsInWindow(d.Date, cutoff, asOf)))
            {
                churners++;
            }
        }

        var historyDays = earliest is { } first ? Math.Max(0, (cutoff - first).TotalDays) : 0;
        var requiredHistory = _options.MinHistoryInHorizons * horizonDays;
        var missingShare = documents == 0 ? 0 : (double)missing / documents;
        var stayers = customers - churners;
        var checks = new List<ReadinessCheck>
        {
            Check("customers", customers >= _options.MinCustomers,
                $"{customers} customers seen before the cut-off {cutoff:yyyy-MM-dd}; need at least {_options.MinCustomers}."),
            Check("repeat-buyers", repeatBuyers >= _options.MinRepeatBuyers,
                $"{repeatBuyers} customers with two or more purchase days before the cut-off; need at least {_options.MinRepeatBuyers}."),
            Check("history", historyDays >= requiredHistory,
                $"{historyDays:0} days of history before the cut-off; need at least {requiredHistory:0} ({_options.MinHistoryInHorizons} x the {horizonDays}-day window)."),
            Check("missing-values", missingShare <= _options.MaxMissingShare,
                $"{Percent(missingShare)} of {documents} documents lack first/last-seen times; at most {Percent(_options.MaxMissingShare)} allowed."),
            Check("both-classes", churners >= _options.MinPerClass && stayers >= _options.MinPerClass,
                $"{churners} churners and {stayers} buyers in ({cutoff:yyyy-MM-dd}, {asOf:yyyy-MM-dd}]; need at least {_options.MinPerClass} of each."),
        };

        return new DataReadinessReport(checks, FallbackFor(checks));
    }

    private static string Percent(double share) => (share * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static ReadinessCheck Check(string name, bool passed, string message) => new(name, passed, message);

    private static ChurnFallback FallbackFor(List<ReadinessCheck> checks)
    {
        if (checks.All(c => c.Passed))
        {
            return ChurnFallback.None;
        }

        var enoughBuyers = checks.Where(c => c.Name is "customers" or "repeat-buyers").All(c => c.Passed);
        return enoughBuyers ? ChurnFallback.BgNbdExpectedPurchases : ChurnFallback.RecencyRule;
    }
}
