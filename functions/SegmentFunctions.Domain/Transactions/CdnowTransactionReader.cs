using System.Globalization;
using System.Runtime.CompilerServices;

namespace SegmentFunctions.Domain.Transactions;

/// <summary>
/// The CDNOW data set (Fader, Hardie &amp; Lee 2005), streamed line by line: columns separated by spaces, tabs or
/// commas, in one of two layouts told apart by the column count of the first data line:
/// <list type="bullet">
/// <item>four columns, the full file as usually distributed: customer id, date yyyyMMdd, number of CDs, dollar value;</item>
/// <item>five columns, the 1-in-10 sample: master customer id, sample customer id, date, CDs, dollars.</item>
/// </list>
/// A first line whose date column is not a number is a header and is skipped; blank lines are skipped. The customer id
/// (the sample id in the five-column layout) is an integer without leading zeros ("0001" becomes "1"), matching the
/// ids of the published summary files. Rows that are not purchases follow <see cref="TransactionTally"/>. An instance
/// reads one file: it keeps the layout of the file's first data line.
/// </summary>
public sealed class CdnowTransactionReader
{
    private const int FullLayout = 4;
    private const int SampleLayout = 5;
    private static readonly char[] Separators = [' ', '\t', ','];

    private int _layout;

    public TransactionTally Tally { get; } = new();

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

    public async IAsyncEnumerable<Transaction> ReadAsync(TextReader reader, [EnumeratorCancellation] CancellationToken cancellationToken)
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

    private Transaction? Parse(string line, long lineNumber)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return null;
        }

        var columns = line.Split(Separators, StringSplitOptions.RemoveEmptyEntries);
        if (_layout == 0)
        {
            if (columns.Length is not (FullLayout or SampleLayout))
            {
                throw TransactionFileException.AtLine(
                    lineNumber,
                    $"expected {FullLayout} columns (customer id, yyyyMMdd, CDs, dollars) or {SampleLayout} (master id, sample id, yyyyMMdd, CDs, dollars), found {columns.Length}.");
            }

            _layout = columns.Length;
            if (!long.TryParse(columns[_layout - 3], NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                return null;
            }
        }
        else if (columns.Length != _layout)
        {
            throw TransactionFileException.AtLine(
                lineNumber,
                _layout == FullLayout
                    ? $"expected {FullLayout} columns (customer id, yyyyMMdd, CDs, dollars) like the first line, found {columns.Length}."
                    : $"expected {SampleLayout} columns (master id, sample id, yyyyMMdd, CDs, dollars) like the first line, found {columns.Length}.");
        }

        var idColumn = columns[_layout - 4];
        if (!long.TryParse(idColumn, NumberStyles.None, CultureInfo.InvariantCulture, out var customerId))
        {
            throw TransactionFileException.AtLine(lineNumber, $"customer id '{idColumn}' is not a whole number.");
        }

        var dateColumn = columns[_layout - 3];
        if (!DateOnly.TryParseExact(dateColumn, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            throw TransactionFileException.AtLine(lineNumber, $"date '{dateColumn}' is not a yyyyMMdd date.");
        }

        if (!int.TryParse(columns[_layout - 2], NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            throw TransactionFileException.AtLine(lineNumber, $"CD count '{columns[_layout - 2]}' is not a whole number.");
        }

        var amount = TransactionValues.Amount(columns[_layout - 1], reason => TransactionFileException.AtLine(lineNumber, reason));
        if (!Tally.Count(amount, () => $"line {lineNumber}"))
        {
            return null;
        }

        var timestamp = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        return new Transaction(customerId.ToString(CultureInfo.InvariantCulture), timestamp, amount!.Value);
    }
}
