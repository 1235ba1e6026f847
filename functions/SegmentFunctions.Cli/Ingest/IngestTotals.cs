using SegmentFunctions.Application.Ingestion;

namespace SegmentFunctions.Cli.Ingest;

/// <summary>The sum of the batch results of one ingest run; safe to add to from several partitions at once.</summary>
internal sealed class IngestTotals
{
    private readonly Lock _gate = new();
    private BatchResult _sum = new(0, 0, 0, 0, 0, 0);
    private int _batches;

    public BatchResult Sum
    {
        get { lock (_gate) { return _sum; } }
    }

    public int Batches
    {
        get { lock (_gate) { return _batches; } }
    }

    public void Add(BatchResult result)
    {
        lock (_gate)
        {
            _sum = _sum.Add(result);
            _batches++;
        }
    }
}
