using SegmentFunctions.Application.Retraining;

namespace SegmentFunctions.Cli.Demo;

/// <summary>
/// The demo's summary as data (<c>summary.json</c> next to the report), for scripts and tests: the same figures as
/// the terminal tables.
/// </summary>
/// <param name="SegmentAgreement">ARI against the generator's segments; null for a transaction file.</param>
/// <param name="Churn">The classifier's quality on its holdout; null when no classifier was trained.</param>
internal sealed record DemoSummaryJson(
    string Source,
    int Customers,
    long Events,
    long EventsAccepted,
    long DeadLettered,
    DateTimeOffset AsOf,
    DateTimeOffset Cutoff,
    int HorizonDays,
    string RunId,
    RetrainOutcome Outcome,
    string Reason,
    string ModelVersion,
    int SegmentsFound,
    IReadOnlyList<DemoSegmentJson> Segments,
    double? SegmentAgreement,
    DemoChurnJson? Churn,
    string? ChurnNotTrainedReason,
    IReadOnlyList<string> TopDrivers,
    long BatchScored,
    string ReportPath,
    IReadOnlyList<string> Charts,
    double ElapsedSeconds,
    IReadOnlyList<DemoStepTime> Steps);

internal sealed record DemoSegmentJson(int Id, string Name, int Customers, double CustomerShare, double RevenueShare, string Action);

internal sealed record DemoChurnJson(string Grade, double RocAuc, double BaselineRocAuc, double TopDecileLift, double ChurnRate, int HoldoutCustomers);
