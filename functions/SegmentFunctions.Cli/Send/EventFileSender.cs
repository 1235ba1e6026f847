using System.Text;
using System.Threading.Channels;
using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Producer;
using SegmentFunctions.Cli.Ingest;

namespace SegmentFunctions.Cli.Send;

/// <summary>
/// Sends a JSON-lines file of events to an Event Hub with the customer id as partition key, so each customer's events
/// stay in order on one partition. Events are gathered in one <see cref="EventDataBatch"/> per customer (a new one when
/// the batch is full); full batches go to one of <c>concurrency</c> sending lanes chosen by customer, each lane sending
/// one batch at a time, so a customer's batches leave in file order while different customers are sent concurrently.
/// </summary>
internal sealed class EventFileSender(EventHubProducerClient producer, int concurrency)
{
    /// <summary>Customers with a batch being filled; past it every open batch is sent, bounding memory whatever the file.</summary>
    private const int MaxOpenBatches = 1_024;
    private const int QueuedBatchesPerLane = 4;

    /// <param name="progress">Receives the number of bytes of the file read so far.</param>
    /// <param name="skipped">Told of each line that is not sent (not JSON, no customer id, too large).</param>
    /// <exception cref="EventSendFailedException">A batch still failed after the client's retries.</exception>
    public async Task<SendTotals> SendAsync(Stream file, IProgress<long>? progress, Action<SkippedLine> skipped, CancellationToken cancellationToken)
    {
        var totals = new SendTotals();
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var lanes = Enumerable.Range(0, concurrency)
            .Select(_ => Channel.CreateBounded<EventDataBatch>(new BoundedChannelOptions(QueuedBatchesPerLane) { SingleReader = true, SingleWriter = true }))
            .ToArray();
        var failures = new List<Exception>();
        var senders = lanes.Select(lane => SendLaneAsync(lane.Reader, totals, failures, failed)).ToArray();
        var open = new Dictionary<string, EventDataBatch>(StringComparer.Ordinal);

        try
        {
            await ReadAsync(file, lanes, open, totals, progress, skipped, failed.Token);
        }
        catch (OperationCanceledException) when (failed.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // A lane failed and cancelled the read; its exception is reported below.
        }
        catch (EventHubsException ex)
        {
            // Creating a batch asks the hub for its size limit; that can fail like a send.
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
                lane.Writer.TryComplete();
            }
        }

        await Task.WhenAll(senders);
        foreach (var batch in open.Values)
        {
            batch.Dispose();
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (failures.Count > 0)
        {
            throw new EventSendFailedException(totals, failures[0]);
        }

        return totals;
    }

    private async Task ReadAsync(
        Stream file, Channel<EventDataBatch>[] lanes, Dictionary<string, EventDataBatch> open, SendTotals totals,
        IProgress<long>? progress, Action<SkippedLine> skipped, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(file);
        var lineNumber = 0L;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var customerId = CustomerIdReader.TryRead(line);
            if (customerId is null)
            {
                totals.AddSkipped();
                skipped(new SkippedLine(lineNumber, "not a JSON object with a string customerId"));
                continue;
            }

            var eventData = new EventData(Encoding.UTF8.GetBytes(line)) { ContentType = "application/json" };
            if (open.TryGetValue(customerId, out var batch) && batch.TryAdd(eventData))
            {
                continue;
            }

            if (batch is not null)
            {
                await lanes[Lane(customerId)].Writer.WriteAsync(batch, cancellationToken);
                open.Remove(customerId);
            }

            batch = await producer.CreateBatchAsync(new CreateBatchOptions { PartitionKey = customerId }, cancellationToken);
            if (!batch.TryAdd(eventData))
            {
                batch.Dispose();
                totals.AddSkipped();
                skipped(new SkippedLine(lineNumber, $"the event ({eventData.EventBody.ToMemory().Length:N0} bytes) is larger than the hub accepts in one batch"));
                continue;
            }

            open[customerId] = batch;
            if (open.Count > MaxOpenBatches)
            {
                await FlushAsync(open, lanes, cancellationToken);
                progress?.Report(file.Position);
            }
        }

        await FlushAsync(open, lanes, cancellationToken);
        progress?.Report(file.Position);
    }

    private async Task FlushAsync(Dictionary<string, EventDataBatch> open, Channel<EventDataBatch>[] lanes, CancellationToken cancellationToken)
    {
        foreach (var (customerId, batch) in open.ToList())
        {
            await lanes[Lane(customerId)].Writer.WriteAsync(batch, cancellationToken);
            open.Remove(customerId);
        }
    }

    private async Task SendLaneAsync(ChannelReader<EventDataBatch> batches, SendTotals totals, List<Exception> failures, CancellationTokenSource failed)
    {
        try
        {
            await foreach (var batch in batches.ReadAllAsync(failed.Token))
            {
                using (batch)
                {
                    await producer.SendAsync(batch, failed.Token);
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
    }

    /// <summary>The lane of a customer: fixed for the run, so its batches are sent one after another.</summary>
    private int Lane(string customerId) => (int)((uint)StringComparer.Ordinal.GetHashCode(customerId) % (uint)concurrency);
}
