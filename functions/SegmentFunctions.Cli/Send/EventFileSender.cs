using System.Text.Unicode;
using System.Threading.Channels;
using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Producer;
using SegmentFunctions.Cli.Ingest;
using SegmentFunctions.Storage.EventHubs;

namespace SegmentFunctions.Cli.Send;

/// <summary>
/// Sends a JSON-lines file of events to an Event Hub, keyed by customer id, so each customer's events stay in order on
/// one partition. Each event goes to the partition the service assigns its customer id (<see cref="PartitionKeyHash"/>,
/// the hash the client's buffered producer publishes by) and carries the id as its partition key; events of every
/// customer of a partition share that partition's batches, so batches fill to the hub's size limit whatever the order
/// of the file, and leave as soon as they are full. A partition's batches are sent one after another, in file order;
/// partitions are sent concurrently, at most <c>concurrency</c> batches at once. Cancelling stops the reading and lets
/// the batches in flight finish; the batches not yet sent are dropped, and <see cref="Totals"/> says what was sent.
/// </summary>
internal sealed class EventFileSender(EventHubProducerClient producer, int concurrency)
{
    /// <summary>Full batches waiting per partition; with the one being filled and the one in flight, bounds memory whatever the file.</summary>
    private const int QueuedBatchesPerPartition = 2;

    private const string PartitionKeyAnnotation = "x-opt-partition-key";

    /// <param name="progress">Receives the number of bytes of the file read so far.</param>
    /// <param name="skipped">Told of each line that is not sent (not JSON, no customer id, too large).</param>
    /// <exception cref="EventSendFailedException">A batch still failed after the client's retries.</exception>
    public async Task<SendTotals> SendAsync(Stream file, IProgress<long>? progress, Action<SkippedLine> skipped, CancellationToken cancellationToken)
    {
        var totals = Totals;
        using var failed = new CancellationTokenSource();
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, failed.Token);
        using var inFlight = new SemaphoreSlim(concurrency);
        var failures = new List<Exception>();
        PartitionLane[] lanes = [];
        Task[] senders = [];
        try
        {
            var partitionIds = await producer.GetPartitionIdsAsync(reading.Token);
            lanes = [.. partitionIds.Select(id => new PartitionLane(id))];
            senders = [.. lanes.Select(lane => SendLaneAsync(lane, inFlight, totals, failures, failed, cancellationToken))];
            await ReadAsync(file, lanes, totals, progress, skipped, reading.Token);
        }
        catch (OperationCanceledException) when (failed.IsCancellationRequested || cancellationToken.IsCancellationRequested)
        {
            // A lane failed and cancelled the read (its exception is reported below), or the run was interrupted.
        }
        catch (EventHubsException ex)
        {
            // Reading the partitions and creating a batch ask the hub; that can fail like a send.
            lock (failures)
            {
                failures.Add(ex);
            }

            await failed.CancelAsync();
        }
        finally
        {
            foreach (var lane in lanes)
            {
                lane.Queue.Writer.TryComplete();
            }
        }

        await Task.WhenAll(senders);
        foreach (var lane in lanes)
        {
            lane.Open?.Dispose();
        }

        if (failures.Count > 0)
        {
            throw new EventSendFailedException(totals, failures[0]);
        }

        cancellationToken.ThrowIfCancellationRequested();
        return totals;
    }

    /// <summary>What this sender has sent so far, also after a failure or an interruption.</summary>
    public SendTotals Totals { get; } = new();

    private async Task ReadAsync(
        Stream file, PartitionLane[] lanes, SendTotals totals, IProgress<long>? progress, Action<SkippedLine> skipped, CancellationToken cancellationToken)
    {
        await using var reader = new Utf8LineReader(file);
        var lineNumber = 0L;
        while (await reader.ReadLineAsync(cancellationToken) is { } body)
        {
            lineNumber++;
            if (IsBlank(body))
            {
                continue;
            }

            // The bytes are sent as they are, so they must be the UTF-8 the contract asks for: a consumer could not
            // tell a bad byte from a bad event.
            if (!Utf8.IsValid(body))
            {
                totals.AddSkipped();
                skipped(new SkippedLine(lineNumber, "not valid UTF-8"));
                continue;
            }

            var customerId = CustomerIdReader.TryRead(body);
            if (customerId is null)
            {
                totals.AddSkipped();
                skipped(new SkippedLine(lineNumber, "not a JSON object with a string customerId"));
                continue;
            }

            // No content type: every event is the contract's JSON, and the property would add a section to each message
            // that the client encodes twice (to measure the batch, then to send it) and every consumer decodes.
            var eventData = new EventData(body);
            // Sent to a partition rather than by key, the event names its key itself, as the service records it.
            eventData.GetRawAmqpMessage().MessageAnnotations[PartitionKeyAnnotation] = customerId;
            var lane = lanes[PartitionKeyHash.PartitionIndex(customerId, lanes.Length)];
            if (lane.Open is { } open && open.TryAdd(eventData))
            {
                continue;
            }

            if (lane.Open is { } full)
            {
                lane.Open = null;
                await lane.Queue.Writer.WriteAsync(full, cancellationToken);
                progress?.Report(file.Position);
            }

            var batch = await producer.CreateBatchAsync(new CreateBatchOptions { PartitionId = lane.PartitionId }, cancellationToken);
            if (!batch.TryAdd(eventData))
            {
                batch.Dispose();
                totals.AddSkipped();
                skipped(new SkippedLine(lineNumber, $"the event ({eventData.EventBody.ToMemory().Length:N0} bytes) is larger than the hub accepts in one batch"));
                continue;
            }

            lane.Open = batch;
        }

        foreach (var lane in lanes)
        {
            if (lane.Open is { } last)
            {
                lane.Open = null;
                await lane.Queue.Writer.WriteAsync(last, cancellationToken);
            }
        }

        progress?.Report(file.Position);
    }

    private static bool IsBlank(ReadOnlySpan<byte> line) => line.IndexOfAnyExcept(" \t\r\n\f\v"u8) < 0;

    private async Task SendLaneAsync(
        PartitionLane lane, SemaphoreSlim inFlight, SendTotals totals, List<Exception> failures, CancellationTokenSource failed, CancellationToken stop)
    {
        try
        {
            await foreach (var batch in lane.Queue.Reader.ReadAllAsync(failed.Token))
            {
                using (batch)
                {
                    if (stop.IsCancellationRequested)
                    {
                        break;
                    }

                    await inFlight.WaitAsync(failed.Token);
                    try
                    {
                        await producer.SendAsync(batch, failed.Token);
                    }
                    finally
                    {
                        inFlight.Release();
                    }

                    totals.AddBatch(batch.Count, batch.SizeInBytes);
                }
            }
        }
        catch (OperationCanceledException) when (failed.IsCancellationRequested)
        {
            // Another lane failed, or the run was cancelled.
        }
        catch (Exception ex)
        {
            lock (failures)
            {
                failures.Add(ex);
            }

            await failed.CancelAsync();
        }
        finally
        {
            while (lane.Queue.Reader.TryRead(out var unsent))
            {
                unsent.Dispose();
            }
        }
    }

    /// <summary>One partition's batch being filled (by the reader only) and its full batches waiting to be sent.</summary>
    private sealed class PartitionLane(string partitionId)
    {
        public string PartitionId { get; } = partitionId;

        public EventDataBatch? Open { get; set; }

        public Channel<EventDataBatch> Queue { get; } =
            Channel.CreateBounded<EventDataBatch>(new BoundedChannelOptions(QueuedBatchesPerPartition) { SingleReader = true, SingleWriter = true });
    }
}
