using System.Runtime.CompilerServices;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Storage.DeadLetters;

namespace SegmentFunctions.Storage.Embedded;

/// <summary>Dead letters as JSON-lines files under a folder ($SEGMENT_DATA_DIR/deadletter), written atomically.</summary>
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
        foreach (var batch in DeadLetterBatch.Split(letters))
        {
            var target = Path.Combine(_root, batch.Key.Replace('/', Path.DirectorySeparatorChar));
            var directory = Path.GetDirectoryName(target)!;
            Directory.CreateDirectory(directory);
            var temp = Path.Combine(directory, $".{Guid.NewGuid():N}.tmp");
            try
            {
                await File.WriteAllBytesAsync(temp, batch.ToJsonLines(), cancellationToken).ConfigureAwait(false);
                File.Move(temp, target, overwrite: true);
            }
            finally
            {
                File.Delete(temp);
            }
        }
    }

    public async IAsyncEnumerable<DeadLetter> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!Directory.Exists(_root))
        {
            yield break;
        }

        var files = Directory.EnumerateFiles(_root, "*" + DeadLetterBatch.Extension, SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .ToList();
        foreach (var file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await foreach (var letter in DeadLetterBatch.ReadJsonLinesAsync(File.OpenRead(file)).WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                yield return letter;
            }
        }
    }
}
