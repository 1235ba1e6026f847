using SegmentFunctions.Application.Ingestion;

namespace SegmentFunctions.FunctionApp.Tests.Infrastructure;

/// <summary>A batch processor that answers every batch with the same result.</summary>
public sealed class FixedResultProcessor(BatchResult result) : IEventBatchProcessor
{
    public Task<BatchResult> ProcessAsync(EventBatch batch, CancellationToken cancellationToken) => Task.FromResult(result);
}
