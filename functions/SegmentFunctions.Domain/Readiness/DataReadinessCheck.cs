using System.Globalization;
using SegmentFunctions.Domain.Features;
using SegmentFunctions.Domain.Training;

namespace SegmentFunctions.Domain.Readiness;

/// <summary>
/// Decides whether feature documents at T can train a churn classifier for the window H, and how
/// (<see cref="ChurnTrainingPlanner"/>): one cut-off T - H when the history before it is long enough, otherwise a
/// rolling origin of several cut-offs with a shorter label window h. Then, at the plan's latest cut-off c: enough
/// customers and repeat buyers before c, few documents with missing times, and both classes in the labels (a purchase
/// day in (c, c + h] or not). Callers refuse to train or use <see cref="DataReadinessReport.Fallback"/>.
/// </summary>
public sealed class DataReadinessCheck(DataReadinessOptions? options = null)
{
    private readonly DataReadinessOptions _options = options ?? new DataReadinessOptions();

    /// <param name="cutoffDocuments">Whether documents as of T - H exist; without them the plan is a rolling origin.</param>
    public DataReadinessReport Evaluate(IEnumerable<CustomerFeatures> documentsAtT, DateTimeOffset asOf, int horizonDays, bool cutoffDocuments = true)
    {
        ArgumentNullException.ThrowIfNull(documentsAtT);
        var tally = Start(asOf, horizonDays, cutoffDocuments);
        foreach (var doc in documentsAtT)
        {
            tally.Add(doc);
        }

        return Evaluate(tally);
    }

    /// <summary>
    /// An empty tally of the documents at T, for a reader that streams them (one pass, in any order, in parts that add
    /// up); <see cref="Evaluate(DataReadinessTally)"/> then gives the same report as the documents given at once.
    /// </summary>
    public static DataReadinessTally Start(DateTimeOffset asOf, int horizonDays, bool cutoffDocuments = true) => new(asOf, horizonDays, cutoffDocuments);

    /// <summary>The report of the documents counted by <paramref name="tally"/>.</summary>
    public DataReadinessReport Evaluate(DataReadinessTally tally)
    {
        ArgumentNullException.ThrowIfNull(tally);
        var (asOf, horizonDays, cutoffDocuments, earliest) = (tally.AsOf, tally.HorizonDays, tally.CutoffDocuments, tally.Earliest);
        var plan = earliest is { } start ? ChurnTrainingPlanner.Plan(start, asOf, horizonDays, _options.MinHistoryInHorizons, cutoffDocuments) : null;
        // Without a plan no labels exist; counting customers at T still tells whether BG/NBD can stand in.
        var cutoff = plan?.Cutoffs[0] ?? asOf;
        var windowEnd = cutoff.AddDays(plan?.HorizonDays ?? horizonDays);
        var (customers, repeatBuyers, churners) = tally.CountsAt(cutoff, plan?.HorizonDays ?? horizonDays);
        var (documents, missing) = (tally.Documents, tally.Missing);
        var historyDays = earliest is { } since ? Math.Max(0, (asOf - since).TotalDays) : 0;
        var missingShare = documents == 0 ? 0 : (double)missing / documents;
        var stayers = customers - churners;
        var checks = new List<ReadinessCheck>
        {
            Check("customers", customers >= _options.MinCustomers,
                $"{customers} customers seen before the cut-off {cutoff:yyyy-MM-dd}; need at least {_options.MinCustomers}."),
            Check("repeat-buyers", repeatBuyers >= _options.MinRepeatBuyers,
                $"{repeatBuyers} customers with two or more purchase days before the cut-off; need at least {_options.MinRepeatBuyers}."),
            Check("history", plan is not null,
                plan is null
                    ? $"{historyDays:0} days of history; need at least {3 * ChurnTrainingPlanner.MinHorizonDays} for a rolling origin of {ChurnTrainingPlanner.MinHorizonDays}-day windows."
                    : !plan.IsRollingOrigin ? $"{historyDays:0} days of history: {plan}."
                    : cutoffDocuments ? $"{historyDays:0} days of history, less than {_options.MinHistoryInHorizons} x the {horizonDays}-day window before T - H: {plan}."
                    : $"{historyDays:0} days of history and no documents as of T - H: {plan}."),
            Check("missing-values", missingShare <= _options.MaxMissingShare,
                $"{Percent(missingShare)} of {documents} documents lack first/last-seen times; at most {Percent(_options.MaxMissingShare)} allowed."),
            Check("both-classes", churners >= _options.MinPerClass && stayers >= _options.MinPerClass,
                $"{churners} churners and {stayers} buyers in ({cutoff:yyyy-MM-dd}, {windowEnd:yyyy-MM-dd}]; need at least {_options.MinPerClass} of each."),
        };

        return new DataReadinessReport(checks, FallbackFor(checks), plan);
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
