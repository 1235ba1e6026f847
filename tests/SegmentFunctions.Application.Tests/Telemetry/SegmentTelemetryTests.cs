using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SegmentFunctions.Application.Ingestion;
using SegmentFunctions.Application.Tests.Ingestion;
using SegmentFunctions.Domain.Events;
using SegmentFunctions.Testing;

namespace SegmentFunctions.Application.Tests.Telemetry;

public sealed class SegmentTelemetryTests
{
    [Fact]
    public async Task A_featurized_batch_counts_its_events_by_outcome_and_its_store_round_trips()
    {
        using var meter = new IngestionMeterRecorder();
        var source = meter.Source;

        var enqueued = TestEvents.Epoch.AddDays(1);
        var view = TestEvents.ToJson(TestEvents.Make("v1", EventType.PageView, "c-1", TestEvents.Epoch, channel: "web"));
        var featurizer = new EventBatchFeaturizer(
            new InMemoryFeatureStore(), new InMemoryDeadLetterSink(), new InMemorySuppressionList(), Options.Create(new IngestionOptions()),
            new FixedTimeProvider(enqueued), NullLogger<EventBatchFeaturizer>.Instance);

        await featurizer.ProcessAsync(new EventBatch(source, "0",
        [
            new RawEvent(view, 1, enqueued),
            new RawEvent(view, 2, enqueued),
            new RawEvent("{not json", 3, enqueued),
        ]), CancellationToken.None);

        Assert.Equal(1, meter.Total("segment.ingestion.events", "applied"));
        Assert.Equal(1, meter.Total("segment.ingestion.events", "duplicate"));
        Assert.Equal(1, meter.Total("segment.ingestion.events", "dead_lettered"));
        Assert.Equal(2, meter.Total("segment.ingestion.store.round_trips"));
    }

    /// <summary>Erasure and the de-duplication horizon are observable without logs: both have their own figures.</summary>
    [Fact]
    public async Task Suppressed_events_and_events_too_old_to_check_are_counted_in_the_metrics()
    {
        using var meter = new IngestionMeterRecorder();
        var source = meter.Source;

        var enqueued = TestEvents.Epoch.AddDays(30);
        var suppressions = new InMemorySuppressionList();
        await suppressions.AddAsync("erased", enqueued, CancellationToken.None);
        var featurizer = new EventBatchFeaturizer(
            new InMemoryFeatureStore(), new InMemoryDeadLetterSink(), suppressions, Options.Create(new IngestionOptions { DedupeHorizonDays = 7 }),
            new FixedTimeProvider(enqueued), NullLogger<EventBatchFeaturizer>.Instance);
        string View(string id, string customer, int day) => TestEvents.ToJson(TestEvents.Make(id, EventType.PageView, customer, TestEvents.Epoch.AddDays(day), channel: "web"));

        await featurizer.ProcessAsync(new EventBatch(source, "0",
        [
            new RawEvent(View("e1", "erased", 1), 1, enqueued),
            new RawEvent(View("e2", "erased", 2), 2, enqueued),
            new RawEvent(View("n1", "c-2", 20), 3, enqueued),
        ]), CancellationToken.None);
        var late = await featurizer.ProcessAsync(new EventBatch(source, "1", [new RawEvent(View("old", "c-2", 2), 1, enqueued)]), CancellationToken.None);

        Assert.Equal(1, late.TooOldToCheck);
        Assert.Equal(2, meter.Total("segment.ingestion.events", "suppressed"));
        Assert.Equal(1, meter.Total("segment.ingestion.dedupe.beyond_horizon"));
    }
}
