using System.Diagnostics;
using System.Diagnostics.Metrics;
using SegmentFunctions.Application.Ingestion;

namespace SegmentFunctions.Application.Telemetry;

/// <summary>
/// The traces and metrics of SegmentFunctions, under one name ("SegmentFunctions") that the hosts subscribe
/// OpenTelemetry to. Instruments follow the OpenTelemetry naming conventions (dotted lower case, UCUM units).
/// </summary>
public static class SegmentTelemetry
{
    public const string Name = "SegmentFunctions";

    /// <summary>The histogram of retraining activity durations, tagged segment.activity and segment.outcome.</summary>
    public const string ActivityDurationName = "segment.orchestration.activity.duration";

    public static readonly ActivitySource ActivitySource = new(Name);
    private static readonly Meter Meter = new(Name);

    private static readonly Counter<long> EventsFeaturized =
        Meter.CreateCounter<long>("segment.ingestion.events", "{event}", "Events received by the featurizer, by outcome.");

    private static readonly Counter<long> EventsBeyondHorizon =
        Meter.CreateCounter<long>("segment.ingestion.dedupe.beyond_horizon", "{event}",
            "Applied events older than their customer's de-duplication horizon, which could not be checked for earlier deliveries.");

    private static readonly Histogram<double> BatchDuration =
        Meter.CreateHistogram<double>("segment.ingestion.batch.duration", "s", "Time to featurize one batch.");

    private static readonly Counter<long> StoreRoundTrips =
        Meter.CreateCounter<long>("segment.ingestion.store.round_trips", "{request}", "Feature store reads and writes of the featurizer.");

    private static readonly Counter<long> StoreRetries =
        Meter.CreateCounter<long>("segment.store.retries", "{retry}", "Store operations retried after a transient failure.");

    private static readonly Histogram<double> ActivityDuration =
        Meter.CreateHistogram<double>(ActivityDurationName, "s", "Duration of each execution of a retraining activity (a retried call records each attempt).");

    private static readonly Histogram<double> ScoringDuration =
        Meter.CreateHistogram<double>("segment.serving.score.duration", "s", "Time to score customers in one request (store reads included), by operation and outcome.");

    public static void RecordBatch(string source, BatchResult result, TimeSpan elapsed)
    {
        var sourceTag = new KeyValuePair<string, object?>("segment.source", source);
        EventsFeaturized.Add(result.Applied, sourceTag, new("segment.outcome", "applied"));
        EventsFeaturized.Add(result.Duplicates, sourceTag, new("segment.outcome", "duplicate"));
        EventsFeaturized.Add(result.DeadLettered, sourceTag, new("segment.outcome", "dead_lettered"));
        EventsFeaturized.Add(result.Suppressed, sourceTag, new("segment.outcome", "suppressed"));
        EventsBeyondHorizon.Add(result.TooOldToCheck, sourceTag);
        StoreRoundTrips.Add(result.StoreRoundTrips, sourceTag);
        BatchDuration.Record(elapsed.TotalSeconds, sourceTag);
    }

    /// <param name="operation">"single" or "batch".</param>
    /// <param name="outcome">"scored", "unknown", "unscorable" or "failed".</param>
    public static void RecordScoring(string operation, string outcome, TimeSpan elapsed) =>
        ScoringDuration.Record(elapsed.TotalSeconds, new("segment.operation", operation), new("segment.outcome", outcome));

    public static void RecordStoreRetry(string store, string operation) =>
        StoreRetries.Add(1, new("segment.store", store), new("segment.operation", operation));

    public static void RecordActivity(string activity, bool succeeded, TimeSpan elapsed) =>
        ActivityDuration.Record(elapsed.TotalSeconds, new("segment.activity", activity), new("segment.outcome", succeeded ? "succeeded" : "failed"));
}
