using SegmentFunctions.Application.Ports;

namespace SegmentFunctions.Application.DeadLetters;

/// <summary>
/// Counts the dead letters of a recent window by reason, for a glance at ingestion health. It reads the archive
/// through, one letter at a time: dead letters are the rare exception, and a store that holds many needs the
/// re-drive, not a faster count.
/// </summary>
public sealed class DeadLetterCounter(IDeadLetterArchive archive, TimeProvider clock)
{
    public async Task<DeadLetterCounts> CountSinceAsync(TimeSpan window, CancellationToken cancellationToken)
    {
        var since = clock.GetUtcNow() - window;
        var byReason = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var total = 0;
        await foreach (var letter in archive.ReadAllAsync(cancellationToken))
        {
            if (letter.DeadLetteredAt < since)
            {
                continue;
            }

            total++;
            byReason[letter.Reason] = byReason.GetValueOrDefault(letter.Reason) + 1;
        }

        return new DeadLetterCounts(since, total, byReason);
    }
}
