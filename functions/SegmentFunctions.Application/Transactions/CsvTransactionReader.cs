using System.Runtime.CompilerServices;
using CsvHelper;
using SegmentFunctions.Domain.Transactions;

namespace SegmentFunctions.Application.Transactions;

/// <summary>
/// A delimited file with a header line, read by CsvHelper (RFC 4180): the separator is detected among comma,
/// semicolon, tab and bar; the customer, date and amount columns are found by name (ignoring case and surrounding
/// spaces); other columns are ignored; fields may be quoted (holding separators, doubled quotes or line breaks).
/// Errors name the line of the file where the record starts. Rows that are not purchases follow
/// <see cref="TransactionTally"/>.
/// </summary>
public sealed class CsvTransactionReader(TransactionColumns columns, TransactionDateFormat dateFormat)
{
    private static readonly CsvReaderOptions Options = new()
    {
        HasHeader = true,
        TrackLineNumbers = true,
        TrimWhitespace = true,
        MalformedData = CsvMalformedDataHandling.Throw,
    };

    public TransactionTally Tally { get; } = new();

    /// <param name="file">The file's bytes (UTF-8 unless a byte order mark says otherwise); left open.</param>
    public async IAsyncEnumerable<Transaction> ReadAsync(Stream file, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        await using var csv = CsvReader.Create(file, Options, true);
        int customer, date, amount;
        try
        {
            await csv.ReadHeaderAsync(cancellationToken).ConfigureAwait(false);
            customer = Find(csv, columns.Customer, "customer");
            date = Find(csv, columns.Date, "date");
            amount = Find(csv, columns.Amount, "amount");
        }
        catch (CsvFormatException e)
        {
            throw TransactionFileException.AtLine(Math.Max(1, e.LineNumber), $"the header is not valid CSV: {e.Message}");
        }

        var width = Math.Max(customer, Math.Max(date, amount)) + 1;
        while (await ReadAsync(csv, cancellationToken).ConfigureAwait(false))
        {
            var line = csv.LineNumber;
            if (csv.FieldCount < width)
            {
                throw TransactionFileException.AtLine(line, $"expected at least {width} columns like the header, found {csv.FieldCount}.");
            }

            TransactionFileException Error(string reason) => TransactionFileException.AtLine(line, reason);
            var value = TransactionValues.Amount(csv.GetString(amount), Error);
            var id = TransactionValues.CustomerId(csv.GetString(customer), Error);
            var timestamp = TransactionValues.Timestamp(csv.GetString(date), dateFormat, Error);
            if (Tally.Count(value, () => $"line {line}"))
            {
                yield return new Transaction(id, timestamp, value!.Value);
            }
        }
    }

    private static async ValueTask<bool> ReadAsync(CsvReader csv, CancellationToken cancellationToken)
    {
        try
        {
            return await csv.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (CsvFormatException e)
        {
            throw TransactionFileException.AtLine(Math.Max(1, e.LineNumber), $"the record is not valid CSV: {e.Message}");
        }
    }

    private static int Find(CsvReader csv, string name, string role) =>
        csv.TryGetFieldIndex(name, out var index)
            ? index
            : throw TransactionFileException.AtLine(
                1, $"the header has no {role} column '{name}'; its columns are {string.Join(", ", csv.Headers.Select(h => $"'{h}'"))}.");
}
