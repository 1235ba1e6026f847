using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Application.Telemetry;
using SegmentFunctions.Domain.Events;
using SegmentFunctions.Domain.Features;

namespace SegmentFunctions.Application.Ingestion;

/// <summary>
/// Featurizes a batch in a fixed number of store round trips: one point read per distinct customer (concurrent,
/// bounded) and one conditional write per customer whose document changed; an ETag conflict re-reads and re-folds
/// that customer only. Replays are skipped by the per-partition sequence watermark stored in each document, and
/// duplicates from other partitions or batches by the document's dedupe keys within the horizon in event time, so
/// at-least-once delivery takes effect once. Events of erased customers are skipped, rejected ones included (their
/// letters would bring back what erasure deleted): one suppression lookup per batch covers the customers it names.
/// </summary>
public sealed partial class EventBatchFeaturizer : IEventBatchProcessor
{
    private readonly IFeatureStore store;
    private readonly IDeadLetterSink deadLetters;
    private readonly ISuppressionList suppressions;
    private readonly TimeProvider clock;
    private readonly ILogger<EventBatchFeaturizer> logger;
    private readonly IngestionOptions options;
    private readonly FeatureFoldSettings foldSettings;

    public EventBatchFeaturizer(
        IFeatureStore store,
        IDeadLetterSink deadLetters,
        ISuppressionList suppressions,
        IOptions<IngestionOptions> options,
        TimeProvider clock,
        ILogger<EventBatchFeaturizer> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.store = store;
        this.deadLetters = deadLetters;
        this.suppressions = suppressions;
        this.clock = clock;
        this.logger = logger;
        this.options = options.Value;
        if (this.options.Validate() is { } problem)
        {
            throw new OptionsValidationException(IngestionOptions.SectionName, typeof(IngestionOptions), [problem]);
        }

        foldSettings = this.options.ToFoldSettings();
    }

    public async Task<BatchResult> ProcessAsync(EventBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        using var activity = SegmentTelemetry.ActivitySource.StartActivity("FeaturizeBatch");
        activity?.SetTag("segment.source", batch.Source);
        activity?.SetTag("segment.partition", batch.PartitionId);
        activity?.SetTag("segment.batch.size", batch.Events.Count);
        var started = Stopwatch.GetTimestamp();
        var now = clock.GetUtcNow();

        var letters = new List<DeadLetter>();
        var byCustomer = new Dictionary<string, List<PendingEvent>>(StringComparer.Ordinal);
        foreach (var raw in batch.Events)
        {
            var parsed = raw.Parse(raw.EnqueuedTimeUtc ?? now);
            if (!parsed.IsValid)
            {
                LogRejected(batch.Source, batch.PartitionId, raw.SequenceNumber, parsed.Rejection.Code, parsed.Rejection.Message);
                letters.Add(new DeadLetter(
                    parsed.Rejection.ToString(), raw.Body, batch.Source, batch.PartitionId, raw.SequenceNumber, raw.EnqueuedTimeUtc, now,
                    raw.RejectedCustomerId, raw.InvalidUtf8Body));
                continue;
            }

            if (!byCustomer.TryGetValue(parsed.Event.CustomerId, out var pending))
            {
                pending = [];
                byCustomer.Add(parsed.Event.CustomerId, pending);
            }

            pending.Add(new PendingEvent(parsed.Event, raw));
        }

        var suppressedEvents = 0;
        var named = letters.Count == 0
            ? byCustomer.Keys
            : (IReadOnlyCollection<string>)[.. byCustomer.Keys.Union(letters.Select(l => l.CustomerId).OfType<string>(), StringComparer.Ordinal)];
        if (named.Count > 0)
        {
            var suppressed = await suppressions.FindSuppressedAsync(named, cancellationToken).ConfigureAwait(false);
            foreach (var customerId in suppressed)
            {
                if (byCustomer.Remove(customerId, out var skipped))
                {
                    suppressedEvents += skipped.Count;
                }
            }

            // A rejected event of an erased customer is not kept either: its letter would bring back what erasure deleted.
            suppressedEvents += suppressed.Count == 0 ? 0 : letters.RemoveAll(l => l.CustomerId is { } id && suppressed.Contains(id));
            if (suppressedEvents > 0)
            {
                LogSuppressed(batch.Source, batch.PartitionId, suppressedEvents, suppressed.Count);
            }
        }

        if (letters.Count > 0)
        {
            await deadLetters.WriteAsync(letters, cancellationToken).ConfigureAwait(false);
            LogDeadLettered(batch.Source, batch.PartitionId, letters.Count);
        }

        var watermarkKey = $"{batch.Source}/{batch.PartitionId}";
        var customers = byCustomer.ToArray();
        var outcomes = new CustomerOutcome[customers.Length];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.MaxConcurrency, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, customers.Length), parallel, async (i, token) =>
            outcomes[i] = await FeaturizeCustomerAsync(batch, customers[i].Key, customers[i].Value, watermarkKey, now, token).ConfigureAwait(false))
            .ConfigureAwait(false);

        var result = new BatchResult(
            Received: batch.Events.Count,
            Applied: outcomes.Sum(o => o.Applied),
            Duplicates: outcomes.Sum(o => o.Duplicates),
            DeadLettered: letters.Count + outcomes.Sum(o => o.FoldFailures),
            CustomersWritten: outcomes.Count(o => o.Written),
            StoreRoundTrips: outcomes.Sum(o => o.RoundTrips),
            Suppressed: suppressedEvents,
            TooOldToCheck: outcomes.Sum(o => o.Unchecked));
        var elapsed = Stopwatch.GetElapsedTime(started);
        SegmentTelemetry.RecordBatch(batch.Source, result, elapsed);
        LogBatch(batch.Source, batch.PartitionId, result.Received, result.Applied, result.Duplicates, result.DeadLettered,
            result.Suppressed, result.TooOldToCheck, customers.Length, result.CustomersWritten, result.StoreRoundTrips, elapsed.TotalMilliseconds);
        return result;
    }

    /// <remarks>
    /// An event whose fold throws is dead-lettered (<see cref="EventRejectionCodes.FoldFailed"/>) before the document
    /// that moves the watermark past it is written, so a replay cannot skip it unrecorded; the document is then read
    /// again, since the failed fold may have changed it halfway, and folded without that event.
    /// </remarks>
    private async Task<CustomerOutcome> FeaturizeCustomerAsync(
        EventBatch batch, string customerId, List<PendingEvent> events, string watermarkKey, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var roundTrips = 0;
        var foldFailures = 0;
        for (var attempt = 0; ; )
        {
            var stored = await store.ReadAsync(customerId, cancellationToken).ConfigureAwait(false);
            roundTrips++;
            var features = stored?.Features ?? new CustomerFeatures { CustomerId = customerId };
            var fold = Fold(features, events, watermarkKey);
            if (fold.Failure is { } failure)
            {
                var failed = events[failure.Index];
                var reason = new EventRejection(EventRejectionCodes.FoldFailed, $"{failure.Exception.GetType().Name} while folding the event: {failure.Exception.Message}");
                LogFoldFailed(failure.Exception, batch.Source, batch.PartitionId, failed.Raw.SequenceNumber, customerId);
                await deadLetters.WriteAsync(
                    [new DeadLetter(reason.ToString(), failed.Raw.Body, batch.Source, batch.PartitionId, failed.Raw.SequenceNumber, failed.Raw.EnqueuedTimeUtc, now, customerId, failed.Raw.InvalidUtf8Body)],
                    cancellationToken).ConfigureAwait(false);
                events = [.. events.Where((_, i) => i != failure.Index)];
                foldFailures++;
                continue;
            }

            if (fold.Applied == 0 && !fold.WatermarkMoved)
            {
                return new CustomerOutcome(0, fold.Duplicates, 0, foldFailures, Written: false, roundTrips);
            }

            var write = await store.WriteAsync(features, stored?.ETag, cancellationToken).ConfigureAwait(false);
            roundTrips++;
            if (write.Succeeded)
            {
                return new CustomerOutcome(fold.Applied, fold.Duplicates, fold.Unchecked, foldFailures, Written: true, roundTrips);
            }

            if (attempt >= options.MaxConflictRetries)
            {
                LogConflictsExhausted(customerId, attempt + 1);
                throw new StoreUnavailableException(
                    $"The feature document of customer '{customerId}' kept changing under {attempt + 1} conditional writes; the batch is failed so that it is replayed.");
            }

            LogConflict(customerId, attempt + 1);
            attempt++;
        }
    }

    /// <summary>
    /// Folds the customer's events of this batch into <paramref name="features"/>. The watermark is read once before
    /// folding: events of one batch are new to each other, and only an earlier delivery of the partition can hide them.
    /// A watermark that moves is written even when every event was a duplicate by key, so that a later replay of the
    /// partition is caught by position rather than by keys that may have left the horizon by then.
    /// </summary>
    private FoldCounts Fold(CustomerFeatures features, List<PendingEvent> events, string watermarkKey)
    {
        var watermarks = features.Processing.Watermarks;
        long? watermark = watermarks.TryGetValue(watermarkKey, out var w) ? w : null;
        long? highest = watermark;
        var folder = new CustomerFeaturesFolder(features, foldSettings);
        int applied = 0, duplicates = 0, uncheckedEvents = 0;
        for (var index = 0; index < events.Count; index++)
        {
            var (e, raw) = events[index];
            if (raw.SequenceNumber is { } sequence)
            {
                if (sequence <= watermark)
                {
                    duplicates++;
                    continue;
                }

                highest = highest is { } h && h >= sequence ? h : sequence;
            }

            FoldOutcome outcome;
            try
            {
                outcome = folder.Apply(e);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                return new FoldCounts(applied, duplicates, uncheckedEvents, false, new FoldFailure(index, exception));
            }

            switch (outcome)
            {
                case FoldOutcome.Applied:
                    applied++;
                    break;
                case FoldOutcome.AppliedUnchecked:
                    applied++;
                    uncheckedEvents++;
                    break;
                default:
                    duplicates++;
                    break;
            }
        }

        var moved = highest is { } top && top != watermark;
        if (moved)
        {
            watermarks[watermarkKey] = highest!.Value;
        }

        folder.Complete();
        return new FoldCounts(applied, duplicates, uncheckedEvents, moved, null);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Rejected event {SequenceNumber} of {Source}/{PartitionId}: {ReasonCode} {Reason}")]
    private partial void LogRejected(string source, string partitionId, long? sequenceNumber, string reasonCode, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dead-lettered {DeadLettered} events of {Source}/{PartitionId}")]
    private partial void LogDeadLettered(string source, string partitionId, int deadLettered);

    [LoggerMessage(Level = LogLevel.Information, Message = "Skipped {Events} events of {Customers} erased customers in {Source}/{PartitionId}")]
    private partial void LogSuppressed(string source, string partitionId, int events, int customers);

    [LoggerMessage(Level = LogLevel.Error, Message = "Folding event {SequenceNumber} of {Source}/{PartitionId} into customer {CustomerId} failed; the event is dead-lettered")]
    private partial void LogFoldFailed(Exception exception, string source, string partitionId, long? sequenceNumber, string customerId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Write conflict {Attempt} on customer {CustomerId}; re-reading it")]
    private partial void LogConflict(string customerId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Customer {CustomerId} still conflicted after {Attempts} writes; failing the batch")]
    private partial void LogConflictsExhausted(string customerId, int attempts);

    [LoggerMessage(Level = LogLevel.Information, Message =
        "Featurized batch of {Source}/{PartitionId}: {Received} received, {Applied} applied, {Duplicates} duplicates, {DeadLettered} dead-lettered, {Suppressed} suppressed, {TooOldToCheck} too old to check, {Customers} customers, {CustomersWritten} written, {StoreRoundTrips} store round trips in {ElapsedMs:0.0} ms")]
    private partial void LogBatch(string source, string partitionId, int received, int applied, int duplicates, int deadLettered,
        int suppressed, int tooOldToCheck, int customers, int customersWritten, int storeRoundTrips, double elapsedMs);

    private readonly record struct PendingEvent(CustomerEvent Event, RawEvent Raw);

    private sealed record FoldFailure(int Index, Exception Exception);

    private readonly record struct FoldCounts(int Applied, int Duplicates, int Unchecked, bool WatermarkMoved, FoldFailure? Failure);

    private readonly record struct CustomerOutcome(int Applied, int Duplicates, int Unchecked, int FoldFailures, bool Written, int RoundTrips);
}
