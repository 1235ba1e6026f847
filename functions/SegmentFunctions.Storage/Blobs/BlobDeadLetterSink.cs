using System.Runtime.CompilerServices;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Storage.DeadLetters;

namespace SegmentFunctions.Storage.Blobs;

/// <summary>Dead letters as JSON-lines blobs in the "deadletter" container of a blob store.</summary>
public sealed class BlobDeadLetterSink(IBlobStore blobs) : IDeadLetterArchive
{
    public const string Container = "deadletter";

    public async Task WriteAsync(IReadOnlyList<DeadLetter> letters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(letters);
        foreach (var batch in DeadLetterBatch.Split(letters))
        {
            using var content = new MemoryStream(batch.ToJsonLines(), writable: false);
            await blobs.WriteAsync($"{Container}/{batch.Key}", content, BlobCondition.None, cancellationToken).ConfigureAwait(false);
        }
    }

    public async IAsyncEnumerable<DeadLetter> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var blob in blobs.ListAsync(Container + "/", cancellationToken).ConfigureAwait(false))
        {
            if (!blob.Path.EndsWith(DeadLetterBatch.Extension, StringComparison.Ordinal))
            {
                continue;
            }

            await using var download = await blobs.OpenReadAsync(blob.Path, cancellationToken).ConfigureAwait(false);
            if (download is null)
            {
                continue;
            }

            await foreach (var letter in DeadLetterBatch.ReadJsonLinesAsync(download.Content).WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                yield return letter;
            }
        }
    }
}
