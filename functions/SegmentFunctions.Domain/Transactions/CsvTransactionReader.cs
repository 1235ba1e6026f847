using System.Globalization;

namespace SegmentFunctions.Domain.Transactions;

/// <summary>
/// A comma-separated file with the header <c>customerId,timestamp,amount</c> (any case). The timestamp is an ISO 8601
/// date (yyyy-MM-dd, taken as midnight UTC) or date-time (with Z or an offset; without one it is taken as UTC).
/// A customer id may be double-quoted to hold commas; a doubled quote inside quotes is one quote.
/// </summary>
public sealed class CsvTransactionReader : LineTransactionReader
{
    private static readonly string[] Header = ["customerId", "timestamp", "amount"];

    private static readonly string[] DateTimeFormats =
    [
        "yyyy-MM-dd'T'HH:mmK",
        "yyyy-MM-dd'T'HH:mm:ssK",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
    ];

    protected override Transaction? ParseLine(string line, long lineNumber)
    {
        var columns = SplitCsv(line, lineNumber);
        if (lineNumber == 1)
        {
            var isHeader = columns.Count == Header.Length
                && columns.Select(c => c.Trim()).SequenceEqual(Header, StringComparer.OrdinalIgnoreCase);
            return isHeader
                ? null
                : throw new TransactionFileException(lineNumber, $"expected the header '{string.Join(',', Header)}', found '{line}'.");
        }

        if (columns.Count != Header.Length)
        {
            throw new TransactionFileException(
                lineNumber, $"expected {Header.Length} columns ({string.Join(',', Header)}), found {columns.Count}.");
        }

        var customerId = columns[0].Trim();
        if (customerId.Length == 0)
        {
            throw new TransactionFileException(lineNumber, "customer id is empty.");
        }

        var timestamp = ParseTimestamp(columns[1].Trim(), lineNumber);
        var amount = ParseAmount(columns[2].Trim(), lineNumber);
        return new Transaction(customerId, timestamp, amount);
    }

    private static DateTimeOffset ParseTimestamp(string text, long lineNumber)
    {
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        }

        return DateTimeOffset.TryParseExact(
            text, DateTimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var timestamp)
            ? timestamp
            : throw new TransactionFileException(lineNumber, $"timestamp '{text}' is not an ISO 8601 date or date-time.");
    }

    private static List<string> SplitCsv(string line, long lineNumber)
    {
        var columns = new List<string>(Header.Length);
        var current = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c != '"')
                {
                    current.Append(c);
                }
                else if (i + 1 < line.Length && line[i + 1] == '"')
                {
                    current.Append('"');
                    i++;
                }
                else
                {
                    quoted = false;
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                columns.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        if (quoted)
        {
            throw new TransactionFileException(lineNumber, "a quoted field is not closed.");
        }

        columns.Add(current.ToString());
        return columns;
    }
}
