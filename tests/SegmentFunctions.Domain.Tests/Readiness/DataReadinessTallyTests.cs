using System.Text.Json;
using SegmentFunctions.Domain.Features;
using SegmentFunctions.Domain.Readiness;
using SegmentFunctions.Domain.Training;

namespace SegmentFunctions.Domain.Tests.Readiness;

/// <summary>
/// The one-pass tally behind the readiness check against the check's definition written out over every document at
/// once (find the earliest first-seen time, plan, then count at the plan's latest cut-off), and in parts.
/// </summary>
public sealed class DataReadinessTallyTests
{
    private static readonly DataReadinessOptions Options = new() { MinCustomers = 100, MinRepeatBuyers = 30, MinPerClass = 10 };

    public static TheoryData<int, int, bool, int> Histories => new()
    {
        // history in days, T's hour, documents at T - H, seed
        { 900, 0, true, 1 },
        { 900, 13, true, 2 },
        { 250, 0, true, 3 },
        { 250, 7, false, 4 },
        { 120, 22, true, 5 },
        { 900, 5, false, 6 },
        { 30, 9, true, 7 },
    };

    [Theory]
    [MemberData(nameof(Histories))]
    public void The_tally_of_every_document_gives_the_report_of_the_definition(int historyDays, int hour, bool cutoffDocuments, int seed)
    {
        var asOf = new DateTimeOffset(2026, 3, 10, hour, 30, 0, TimeSpan.Zero);
        var documents = Documents(asOf, historyDays, seed);

        var report = new DataReadinessCheck(Options).Evaluate(documents, asOf, 90, cutoffDocuments);

        var expected = Definition(documents, asOf, 90, cutoffDocuments);
        Assert.Equal(expected.Plan?.ToString(), report.Plan?.ToString());
        Assert.Equal(expected.Checks.Select(c => (c.Name, c.Passed, c.Message)), report.Checks.Select(c => (c.Name, c.Passed, c.Message)));
        Assert.Equal(expected.Fallback, report.Fallback);
    }

    [Theory]
    [MemberData(nameof(Histories))]
    public void Tallies_of_parts_in_any_order_add_up_to_the_tally_of_the_whole(int historyDays, int hour, bool cutoffDocuments, int seed)
    {
        var asOf = new DateTimeOffset(2026, 3, 10, hour, 30, 0, TimeSpan.Zero);
        var documents = Documents(asOf, historyDays, seed);
        var check = new DataReadinessCheck(Options);

        var whole = check.Evaluate(documents, asOf, 90, cutoffDocuments);
        var parts = DataReadinessCheck.Start(asOf, 90, cutoffDocuments);
        foreach (var part in documents.AsEnumerable().Reverse().Chunk(37))
        {
            var tally = DataReadinessCheck.Start(asOf, 90, cutoffDocuments);
            tally.Add(part);
            parts.Add(tally);
        }

        Assert.Equal(documents.Count, parts.Documents);
        Assert.Equal(whole.ToString(), check.Evaluate(parts).ToString());
        Assert.Equal(whole.Plan?.ToString(), check.Evaluate(parts).Plan?.ToString());
    }

    [Theory]
    [MemberData(nameof(Histories))]
    public void Counts_of_parts_taken_with_documents_at_T_minus_H_add_up_to_the_tally_of_the_whole_for_either_plan(
        int historyDays, int hour, bool cutoffDocuments, int seed)
    {
        var asOf = new DateTimeOffset(2026, 3, 10, hour, 30, 0, TimeSpan.Zero);
        var documents = Documents(asOf, historyDays, seed);
        var check = new DataReadinessCheck(Options);
        var counts = new List<DataReadinessCounts>();
        foreach (var part in documents.Chunk(1 + seed * 53))
        {
            var tally = DataReadinessCheck.Start(asOf, 90, cutoffDocuments: true);
            tally.Add(part);
            counts.Add(JsonSerializer.Deserialize<DataReadinessCounts>(JsonSerializer.Serialize(tally.ToCounts()))!);
        }

        var whole = check.Evaluate(documents, asOf, 90, cutoffDocuments);
        var parts = DataReadinessCheck.Start(asOf, 90, cutoffDocuments);
        foreach (var part in counts)
        {
            parts.Add(part);
        }

        Assert.True(counts.Count > 1);
        Assert.Equal((documents.Count, whole.Plan?.ToString()), (parts.Documents, check.Evaluate(parts).Plan?.ToString()));
        Assert.Equal(whole.ToString(), check.Evaluate(parts).ToString());
        Assert.Equal(whole.Fallback, check.Evaluate(parts).Fallback);
    }

    [Fact]
    public void Counts_without_documents_at_T_minus_H_or_of_other_windows_do_not_add()
    {
        // Not at midnight: T - H is then none of the rolling origin's cut-offs, which start days.
        var asOf = new DateTimeOffset(2026, 3, 10, 13, 30, 0, TimeSpan.Zero);
        var without = DataReadinessCheck.Start(asOf, 90, cutoffDocuments: false).ToCounts();

        Assert.Throws<ArgumentException>(() => DataReadinessCheck.Start(asOf, 90, cutoffDocuments: true).Add(without));
        Assert.Throws<ArgumentException>(() => DataReadinessCheck.Start(asOf, 60, cutoffDocuments: false).Add(without));
        Assert.Throws<ArgumentException>(() => DataReadinessCheck.Start(asOf.AddDays(1), 90, cutoffDocuments: false).Add(without));
        Assert.Throws<ArgumentException>(() => DataReadinessCheck.Start(asOf, 90, cutoffDocuments: false).Add(without with { Churners = [1, 2] }));
    }

    [Fact]
    public void Tallies_of_other_windows_do_not_add()
    {
        var asOf = new DateTimeOffset(2026, 3, 10, 0, 0, 0, TimeSpan.Zero);

        Assert.Throws<ArgumentException>(() => DataReadinessCheck.Start(asOf, 90).Add(DataReadinessCheck.Start(asOf, 60)));
    }

    /// <summary>Customers first seen over the history, some without times, buying on random days before T.</summary>
    private static List<CustomerFeatures> Documents(DateTimeOffset asOf, int historyDays, int seed)
    {
        var random = new Random(seed);
        var documents = new List<CustomerFeatures>();
        for (var i = 0; i < 600; i++)
        {
            var firstSeen = asOf.AddMinutes(-random.Next(1, historyDays * 24 * 60));
            var span = (asOf - firstSeen).TotalDays;
            var days = Enumerable.Range(0, random.Next(0, 6))
                .Select(_ => DateOnly.FromDateTime(firstSeen.AddDays(random.NextDouble() * span).UtcDateTime))
                .Where(d => AsOfDays.IsKnownAt(d, asOf))
                .Distinct().Order().ToList();
            documents.Add(new CustomerFeatures
            {
                CustomerId = $"c{i:D4}",
                FirstSeenAt = random.Next(40) == 0 ? null : firstSeen,
                LastSeenAt = random.Next(40) == 0 ? null : asOf.AddMinutes(-1),
                PurchaseDays = [.. days.Select(d => new PurchaseDay(d, 10m, 1))],
            });
        }

        // A customer first seen at T: known to nobody, counted as a document.
        documents.Add(new CustomerFeatures { CustomerId = "late", FirstSeenAt = asOf, LastSeenAt = asOf });
        return documents;
    }

    /// <summary>The check as defined: plan from the earliest first-seen time, then count at the plan's latest cut-off.</summary>
    private static DataReadinessReport Definition(List<CustomerFeatures> documents, DateTimeOffset asOf, int horizonDays, bool cutoffDocuments)
    {
        var known = documents.Where(d => d.FirstSeenAt is not null && d.LastSeenAt is not null).ToList();
        var earliest = known.Count == 0 ? (DateTimeOffset?)null : known.Min(d => d.FirstSeenAt!.Value);
        var plan = earliest is { } start ? ChurnTrainingPlanner.Plan(start, asOf, horizonDays, Options.MinHistoryInHorizons, cutoffDocuments) : null;
        var cutoff = plan?.Cutoffs[0] ?? asOf;
        var end = cutoff.AddDays(plan?.HorizonDays ?? horizonDays);
        var customers = known.Where(d => d.FirstSeenAt < cutoff).ToList();
        var repeat = customers.Count(d => d.PurchaseDays.Count(p => AsOfDays.IsKnownAt(p.Date, cutoff)) >= 2);
        var churners = customers.Count(d => !d.PurchaseDays.Any(p => AsOfDays.IsInWindow(p.Date, cutoff, end)));
        var missing = documents.Count - known.Count;
        var historyDays = earliest is { } since ? Math.Max(0, (asOf - since).TotalDays) : 0;
        var missingShare = (double)missing / documents.Count;
        var percent = (missingShare * 100).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + "%";
        var maxPercent = (Options.MaxMissingShare * 100).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + "%";
        List<ReadinessCheck> checks =
        [
            new("customers", customers.Count >= Options.MinCustomers, $"{customers.Count} customers seen before the cut-off {cutoff:yyyy-MM-dd}; need at least {Options.MinCustomers}."),
            new("repeat-buyers", repeat >= Options.MinRepeatBuyers, $"{repeat} customers with two or more purchase days before the cut-off; need at least {Options.MinRepeatBuyers}."),
            new("history", plan is not null,
                plan is null
                    ? $"{historyDays:0} days of history; need at least {3 * ChurnTrainingPlanner.MinHorizonDays} for a rolling origin of {ChurnTrainingPlanner.MinHorizonDays}-day windows."
                    : !plan.IsRollingOrigin ? $"{historyDays:0} days of history: {plan}."
                    : cutoffDocuments ? $"{historyDays:0} days of history, less than {Options.MinHistoryInHorizons} x the {horizonDays}-day window before T - H: {plan}."
                    : $"{historyDays:0} days of history and no documents as of T - H: {plan}."),
            new("missing-values", missingShare <= Options.MaxMissingShare, $"{percent} of {documents.Count} documents lack first/last-seen times; at most {maxPercent} allowed."),
            new("both-classes", churners >= Options.MinPerClass && customers.Count - churners >= Options.MinPerClass,
                $"{churners} churners and {customers.Count - churners} buyers in ({cutoff:yyyy-MM-dd}, {end:yyyy-MM-dd}]; need at least {Options.MinPerClass} of each."),
        ];
        var fallback = checks.All(c => c.Passed) ? ChurnFallback.None
            : checks.Where(c => c.Name is "customers" or "repeat-buyers").All(c => c.Passed) ? ChurnFallback.BgNbdExpectedPurchases : ChurnFallback.RecencyRule;
        return new DataReadinessReport(checks, fallback, plan);
    }
}
