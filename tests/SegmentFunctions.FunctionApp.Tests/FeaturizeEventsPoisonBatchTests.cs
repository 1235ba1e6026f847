using System.Globalization;
using SegmentFunctions.Application.Ingestion;
using SegmentFunctions.Domain.Events;
using SegmentFunctions.FunctionApp.Tests.Fuzz;
using SegmentFunctions.FunctionApp.Tests.Infrastructure;
using SegmentFunctions.Testing;

namespace SegmentFunctions.FunctionApp.Tests;

/// <summary>
/// FeaturizeEvents on the real poison guard and featurizer: a batch that fails the same non-transient way on every
/// delivery fails the invocation (so the host retries it) until the configured count, then is dead-lettered whole,
/// one letter per event named by its position, and acknowledged; the partition's next batch is applied.
/// </summary>
public sealed class FeaturizeEventsPoisonBatchTests
{
    private static readonly string Enqueued = TestEvents.Epoch.AddDays(1).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_batch_failing_the_same_way_on_every_delivery_is_dead_lettered_whole_and_the_partition_moves_on()
    {
        await using var app = new FuzzFunctionAppFactory(seed: 1);
        app.Faults.UnreadableCustomer = "poison";
        string[] poisoned =
        [
            TestEvents.ToJson(TestEvents.Make("p1", EventType.PageView, "fine", TestEvents.Epoch)),
            TestEvents.ToJson(TestEvents.Make("p2", EventType.PageView, "poison", TestEvents.Epoch)),
        ];
        var delivery = EventHubInvocation.BindingData(2, partitionId: "3", sequenceNumbers: [10, 11], enqueuedTimes: [Enqueued, Enqueued]);
        var maxFailures = new IngestionOptions().MaxBatchFailures;

        for (var attempt = 1; attempt < maxFailures; attempt++)
        {
            await Assert.ThrowsAsync<InvalidDataException>(() => EventHubInvocation.InvokeAsync(app.Services, poisoned, delivery));
            Assert.Empty(app.DeadLetters.Letters);
        }

        await EventHubInvocation.InvokeAsync(app.Services, poisoned, delivery);

        var letters = app.DeadLetters.Letters.OrderBy(l => l.SequenceNumber).ToList();
        Assert.Equal([10L, 11L], letters.Select(l => l.SequenceNumber!.Value));
        Assert.All(letters, l => Assert.StartsWith(EventRejectionCodes.BatchFailed + ": ", l.Reason, StringComparison.Ordinal));
        Assert.All(letters, l => Assert.Equal(("customer-events", "3"), (l.Source, l.PartitionId)));
        Assert.Equal(poisoned, letters.Select(l => l.RawBody));

        string[] next = [TestEvents.ToJson(TestEvents.Make("n1", EventType.PageView, "later", TestEvents.Epoch))];
        await EventHubInvocation.InvokeAsync(app.Services, next, EventHubInvocation.BindingData(1, partitionId: "3", sequenceNumbers: [12], enqueuedTimes: [Enqueued]));
        Assert.NotNull(await app.InMemoryStore.ReadAsync("later", CancellationToken.None));
    }
}
