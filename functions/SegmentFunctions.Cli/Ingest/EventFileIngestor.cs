using System.Threading.Channels;
using SegmentFunctions.Application.Ingestion;

namespace SegmentFunctions.Cli.Ingest;

/// <summary>
/// Sends a JSON-lines file through the featurizer the way Event Hubs would: one partition named by the file's content
/// hash (<see cref="EventFileId"/>) with the line numbers as sequence numbers, spread over lanes by customer, batches
/// in line order, lanes processed concurrently (they hold disjoint customers). Running it again over the same file, to
/// the end or after a crash, applies nothing twice: the featurizer's watermarks skip every line already applied.
/// </summary>
internal sealed class EventFileIngestor(IEventBatchProcessor processor)
{
    /// <summary>Batches read ahead per partition; bounds memory whatever the file size.</summary>
    private const int QueuedBatchesPerPartition = 2;

    /// <param name="progress">Receives the number of bytes of the file read so far.</param>
    public async Task<IngestTotals> IngestAsync(Stream file, IngestSettings settings, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var totals = Totals;
        using var failed = new CancellationTokenSource();
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, failed.Token);
        var queues = Enumerable.Range(0, settings.Partitions)
            .Select(_ => Channel.CreateBounded<EventBatch>(new BoundedChannelOptions(QueuedBatchesPerPartition) { SingleReader = true, SingleWriter = true }))
            .ToArray();
        var fileId = await EventFileId.ComputeAsync(file, cancellationToken);
        var consumers = queues.Select(q => ConsumeAsync(q.Reader, totals, failed, cancellationToken)).ToArray();

        try
        {
            await ProduceAsync(file, fileId, settings, queues, progress, reading.Token);
        }
        catch (OperationCanceledException) when (failed.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // A consumer failed and cancelled the read; its exception is the one to report, below.
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Interrupted: the batches being featurized finish below, and the interruption is reported after them.
        }
        catch
        {
            failed.Cancel();
            throw;
        }
        finally
        {
            foreach (var queue in queues)
            {
                queue.Writer.TryComplete();
            }
        }

        await Task.WhenAll(consumers);
        cancellationToken.ThrowIfCancellationRequested();
        return totals;
    }

    /// <summary>What this ingestor has featurized so far, also after an interruption.</summary>
    public IngestTotals Totals { get; } = new();

    private static async Task ProduceAsync(
        Stream file, string fileId, IngestSettings settings, Channel<EventBatch>[] queues, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var partitioner = new EventLinePartitioner(settings.Partitions, settings.EnqueuedTimeUtc);
        var pending = queues.Select(_ => new List<RawEvent>(settings.BatchSize)).ToArray();
        using var reader = new StreamReader(file);

        var lineNumber = 0L;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var (partition, rawEvent) = partitioner.Assign(line, lineNumber);
            pending[partition].Add(rawEvent);
            if (pending[partition].Count == settings.BatchSize)
            {
                await queues[partition].Writer.WriteAsync(new EventBatch(IngestSettings.Source, fileId, pending[partition]), cancellationToken);
                pending[partition] = new List<RawEvent>(settings.BatchSize);
                progress?.Report(file.Position);
            }
        }

        for (var partition = 0; partition < pending.Length; partition++)
        {
            if (pending[partition].Count > 0)
            {
                await queues[partition].Writer.WriteAsync(new EventBatch(IngestSettings.Source, fileId, pending[partition]), cancellationToken);
            }
        }

        progress?.Report(file.Position);
    }

    private async Task ConsumeAsync(ChannelReader<EventBatch> batches, IngestTotals totals, CancellationTokenSource failed, CancellationToken stop)
    {
        try
        {
            await foreach (var batch in batches.ReadAllAsync(failed.Token))
            {
                if (stop.IsCancellationRequested)
                {
                    break;
                }

                totals.Add(await processor.ProcessAsync(batch, failed.Token));
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !failed.IsCancellationRequested)
        {
            await failed.CancelAsync();
            throw;
        }
    }
}
