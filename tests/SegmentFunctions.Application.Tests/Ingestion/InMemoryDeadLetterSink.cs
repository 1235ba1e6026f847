using SegmentFunctions.Application.Ports;

namespace SegmentFunctions.Application.Tests.Ingestion;

/// <summary>Dead letters in memory, keyed like the real sinks (source, partition, sequence) so replays do not duplicate them.</summary>
internal sealed class InMemoryDeadLetterSink : IDeadLetterSink
{
    private readonly Lock gate = new();
    private readonly Dictionary<(string, string?, long?, string), DeadLetter> letters = [];
    private int calls;

    public int Calls => Volatile.Read(ref calls);

    public IReadOnlyList<DeadLetter> Letters
    {
        get
        {
            lock (gate)
            {
                return [.. letters.Values.OrderBy(l => l.SequenceNumber)];
            }
        }
    }

    public Task WriteAsync(IReadOnlyList<DeadLetter> batch, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref calls);
        lock (gate)
        {
            foreach (var letter in batch)
            {
                letters[(letter.Source, letter.PartitionId, letter.SequenceNumber, letter.RawBody)] = letter;
            }
        }

        return Task.CompletedTask;
    }
}
