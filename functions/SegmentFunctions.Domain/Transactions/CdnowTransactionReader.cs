using System.Globalization;

namespace SegmentFunctions.Domain.Transactions;

/// <summary>
/// The CDNOW sample format (Fader, Hardie &amp; Lee 2005): whitespace-separated, no header, five columns: master
/// customer id, sample customer id, date yyyyMMdd, number of CDs, dollar value. The customer id is the sample id as
/// an integer without leading zeros ("0001" becomes "1"), matching the ids of the published summary files.
/// </summary>
public sealed class CdnowTransactionReader : LineTransactionReader
{
    private const int ColumnCount = 5;
    private static readonly char[] Separators = [' ', '\t'];

    protected override Transaction? ParseLine(string line, long lineNumber)
    {
        var columns = line.Split(Separators, StringSplitOptions.RemoveEmptyEntries);
        if (columns.Length != ColumnCount)
        {
            throw new TransactionFileException(
                lineNumber,
                $"expected {ColumnCount} columns (master id, sample id, yyyyMMdd, CDs, dollars), found {columns.Length}.");
        }

        if (!long.TryParse(columns[1], NumberStyles.None, CultureInfo.InvariantCulture, out var sampleId))
        {
            throw new TransactionFileException(lineNumber, $"sample customer id '{columns[1]}' is not a whole number.");
        }

        if (!DateOnly.TryParseExact(columns[2], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            throw new TransactionFileException(lineNumber, $"date '{columns[2]}' is not a yyyyMMdd date.");
        }

        if (!int.TryParse(columns[3], NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            throw new TransactionFileException(lineNumber, $"CD count '{columns[3]}' is not a whole number.");
        }

        var amount = ParseAmount(columns[4], lineNumber);
        var timestamp = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        return new Transaction(sampleId.ToString(CultureInfo.InvariantCulture), timestamp, amount);
    }
}
