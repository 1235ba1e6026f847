using System.Runtime.CompilerServices;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Storage.DeadLetters;

namespace SegmentFunctions.Storage.Embedded;

/// <summary>
/// Dead letters as one JSON-lines file per letter under a folder ($SEGMENT_DATA_DIR/deadletter), named by
/// <see cref="DeadLetterNames"/>. A file is written to a temporary name and moved into place without overwriting: an
/// existing file of that name is the same letter, written by an earlier delivery.
/// </summary>
public sealed class FileDeadLetterSink : IDeadLetterArchive
{
    private readonly string _root;

    public FileDeadLetterSink(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        _root = Path.GetFullPath(directory);
    }

    public async Task WriteAsync(IReadOnlyList<DeadLetter> letters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(letters);
        foreach (var letter in letters)
        {
            var target = Path.Combine(_root, DeadLetterNames.Of(letter).Replace('/', Path.DirectorySeparatorChar));
            if (File.Exists(target))
            {
                continue;
            }

            var directory = Path.GetDirectoryName(target)!;
            Directory.CreateDirectory(directory);
            var temp = Path.Combine(directory, $".{Guid.NewGuid():N}.tmp");
            try
            {
                await File.WriteAllBytesAsync(temp, DeadLetterNames.ToJsonLine(letter), cancellationToken).ConfigureAwait(false);
                File.Move(temp, target, overwrite: false);
            }
            catch (IOException) when (File.Exists(target))
            {
                // A concurrent delivery of the same letter got there first.
            }
            finally
            {
                File.Delete(temp);
            }
        }
    }

    public async IAsyncEnumerable<DeadLetter> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var file in Files())
        {
            cancellationToken.ThrowIfCancellationRequested();
            await foreach (var letter in DeadLetterNames.ReadJsonLinesAsync(File.OpenRead(file)).WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                yield return letter;
            }
        }
    }

    public async Task<int> DeleteCustomerAsync(string customerId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(customerId);
        var deleted = 0;
        foreach (var file in Files())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var letters = new List<DeadLetter>();
            await foreach (var letter in DeadLetterNames.ReadJsonLinesAsync(File.OpenRead(file)).WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                letters.Add(letter);
            }

            var kept = letters.Where(l => !DeadLetterNames.Names(l, customerId)).ToList();
            if (kept.Count == letters.Count)
            {
                continue;
            }

            deleted += letters.Count - kept.Count;
            if (kept.Count == 0)
            {
                File.Delete(file);
                continue;
            }

            // A file of several letters (an earlier layout) keeps the letters of other customers.
            var temp = file + ".erase.tmp";
            await File.WriteAllBytesAsync(temp, [.. kept.SelectMany(DeadLetterNames.ToJsonLine)], cancellationToken).ConfigureAwait(false);
            File.Move(temp, file, overwrite: true);
        }

        return deleted;
    }

    private List<string> Files() =>
        Directory.Exists(_root)
            ? Directory.EnumerateFiles(_root, "*" + DeadLetterNames.Extension, SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList()
            : [];
}
