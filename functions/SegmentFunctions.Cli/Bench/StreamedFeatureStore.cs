using System.Runtime.CompilerServices;
using System.Threading.Channels;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Domain.Features;

namespace SegmentFunctions.Cli.Bench;

/// <summary>
/// A feature store that is only a stream: <see cref="ReadAllAsync"/> yields, once, the documents written to
/// <see cref="Documents"/> until it is completed. The retrain bench snapshots its T - H documents from it while it
/// generates them, instead of storing them in a database it would read only once.
/// </summary>
internal sealed class StreamedFeatureStore : IFeatureStore
{
    private readonly Channel<CustomerFeatures> _documents =
        Channel.CreateBounded<CustomerFeatures>(new BoundedChannelOptions(8_192) { SingleReader = true });

    public ChannelWriter<CustomerFeatures> Documents => _documents.Writer;

    public async IAsyncEnumerable<CustomerFeatures> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var document in _documents.Reader.ReadAllAsync(cancellationToken))
        {
            yield return document;
        }
    }

    public Task<StoredFeatures?> ReadAsync(string customerId, CancellationToken cancellationToken) =>
        throw new NotSupportedException("A streamed feature store can only be read whole, once.");

    public Task<FeatureWriteResult> WriteAsync(CustomerFeatures features, string? ifMatchETag, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Documents are written to a streamed feature store through its channel.");

    public Task<bool> DeleteAsync(string customerId, CancellationToken cancellationToken) =>
        throw new NotSupportedException("A streamed feature store can only be read whole, once.");
}
