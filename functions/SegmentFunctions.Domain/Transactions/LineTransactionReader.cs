using System.Globalization;
using System.Runtime.CompilerServices;

namespace SegmentFunctions.Domain.Transactions;

/// <summary>
/// Streaming for line-oriented transaction files: blank lines are skipped, every other line is one transaction, and
/// nothing is buffered beyond the current line.
/// </summary>
public abstract class LineTransactionReader : ITransactionReader
{
    public IEnumerable<Transaction> Read(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        long lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (Parse(line, lineNumber) is { } transaction)
            {
                yield return transaction;
            }
        }
    }

    public async IAsyncEnumerable<Transaction> ReadAsync(
        TextReader reader, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        long lineNumber = 0;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            lineNumber++;
            if (Parse(line, lineNumber) is { } transaction)
            {
                yield return transaction;
            }
        }
    }

    /// <summary>The transaction on a line, or null for a line that holds none (blank, header).</summary>
    protected abstract Transaction? ParseLine(string line, long lineNumber);

    /// <summary>
    /// A money amount: finite, not negative. NaN and infinities are named as such rather than reported as "not a
    /// number", since they come from exports that wrote a floating-point value.
    /// </summary>
    protected static decimal ParseAmount(string text, long lineNumber)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var asDouble)
            && !double.IsFinite(asDouble))
        {
            throw new TransactionFileException(lineNumber, $"amount '{text}' is not a finite number.");
        }

        if (!decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var amount))
        {
            throw new TransactionFileException(lineNumber, $"amount '{text}' is not a number.");
        }

        return amount < 0
            ? throw new TransactionFileException(lineNumber, $"amount {text} is negative; refunds do not belong in a purchase file.")
            : amount;
    }

    private Transaction? Parse(string line, long lineNumber) =>
        string.IsNullOrWhiteSpace(line) ? null : ParseLine(line, lineNumber);
}
