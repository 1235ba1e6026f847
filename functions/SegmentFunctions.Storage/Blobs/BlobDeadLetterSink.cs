using System.Runtime.CompilerServices;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Storage.DeadLetters;

namespace SegmentFunctions.Storage.Blobs;

/// <summary>
/// Dead letters as one JSON-lines blob per letter in the "deadletter" container of a blob store, named by
/// <see cref="DeadLetterNames"/> and written only if absent: an existing blob of that name is the same letter.
/// </summary>
public sealed class BlobDeadLetterSink(IBlobStore blobs) : IDeadLetterArchive
{
    public const string Container = "deadletter";

    public async Task WriteAsync(IReadOnlyList<DeadLetter> letters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(letters);
        foreach (var letter in letters)
        {
            using var content = new MemoryStream(DeadLetterNames.ToJsonLine(letter), writable: false);
            try
            {
                await blobs.WriteAsync($"{Container}/{DeadLetterNames.Of(letter)}", content, BlobCondition.IfNotExists, cancellationToken).ConfigureAwait(false);
            }
            catch (BlobConditionFailedException)
            {
                // Written by an earlier delivery of the same event.
            }
        }
    }

    public async IAsyncEnumerable<DeadLetter> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var (_, letters) in ReadBlobsAsync(cancellationToken).ConfigureAwait(false))
        {
            foreach (var letter in letters)
            {
                yield return letter;
            }
        }
    }

    public async Task<int> DeleteCustomerAsync(string customerId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(customerId);
        var deleted = 0;
        await foreach (var (path, letters) in ReadBlobsAsync(cancellationToken).ConfigureAwait(false))
        {
            var kept = letters.Where(l => !DeadLetterNames.Names(l, customerId)).ToList();
            if (kept.Count == letters.Count)
            {
                continue;
            }

            deleted += letters.Count - kept.Count;
            if (kept.Count == 0)
            {
                await blobs.DeleteAsync(path, cancellationToken).ConfigureAwait(false);
                continue;
            }

            // A blob of several letters (an earlier layout) keeps the letters of other customers.
            using var content = new MemoryStream([.. kept.SelectMany(DeadLetterNames.ToJsonLine)], writable: false);
            await blobs.WriteAsync(path, content, BlobCondition.None, cancellationToken).ConfigureAwait(false);
        }

        return deleted;
    }

    private async IAsyncEnumerable<(string Path, List<DeadLetter> Letters)> ReadBlobsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var blob in blobs.ListAsync(Container + "/", cancellationToken).ConfigureAwait(false))
        {
            if (!blob.Path.EndsWith(DeadLetterNames.Extension, StringComparison.Ordinal))
            {
                continue;
            }

            await using var download = await blobs.OpenReadAsync(blob.Path, cancellationToken).ConfigureAwait(false);
            if (download is null)
            {
                continue;
            }

            var letters = new List<DeadLetter>();
            await foreach (var letter in DeadLetterNames.ReadJsonLinesAsync(download.Content).WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                letters.Add(letter);
            }

            yield return (blob.Path, letters);
        }
    }
}
