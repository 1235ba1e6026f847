using System.Globalization;
using System.Runtime.CompilerServices;
using Parquet;
using Parquet.Schema;
using SegmentFunctions.Domain.Transactions;

namespace SegmentFunctions.Application.Transactions;

/// <summary>
/// A Parquet file, one row group in memory at a time: the customer, date and amount columns are found by name in any
/// case, other columns are ignored. Customer ids may be text or integers; dates may be timestamps, dates, or text and
/// integers in the date format (for example 19970101 with <c>yyyyMMdd</c>); amounts may be any number or text. Errors
/// name the row (one-based over the whole file). Rows that are not purchases follow <see cref="TransactionTally"/>.
/// </summary>
public sealed class ParquetTransactionReader(TransactionColumns columns, TransactionDateFormat dateFormat)
{
    public TransactionTally Tally { get; } = new();

    /// <param name="file">A seekable stream: Parquet keeps its schema at the end.</param>
    public async IAsyncEnumerable<Transaction> ReadAsync(Stream file, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        ParquetReader reader;
        try
        {
            reader = await ParquetReader.CreateAsync(file, leaveStreamOpen: true, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or NotSupportedException)
        {
            throw TransactionFileException.InSchema($"the file is not Parquet ({e.Message}).");
        }

        await using (reader.ConfigureAwait(false))
        {
            var fields = reader.Schema.GetDataFields();
            var customer = Find(fields, columns.Customer, "customer");
            var date = Find(fields, columns.Date, "date");
            var amount = Find(fields, columns.Amount, "amount");
            long row = 0;
            for (var g = 0; g < reader.RowGroupCount; g++)
            {
                using var group = reader.OpenRowGroupReader(g);
                var count = checked((int)group.RowCount);
                var ids = await ReadAsync(group, customer, count, cancellationToken).ConfigureAwait(false);
                var dates = await ReadAsync(group, date, count, cancellationToken).ConfigureAwait(false);
                var amounts = await ReadAsync(group, amount, count, cancellationToken).ConfigureAwait(false);
                for (var i = 0; i < count; i++)
                {
                    var at = ++row;
                    TransactionFileException Error(string reason) => TransactionFileException.AtRow(at, reason);
                    var value = Amount(amounts[i], Error);
                    var id = TransactionValues.CustomerId(Text(ids[i]), Error);
                    var timestamp = Timestamp(dates[i], Error);
                    if (Tally.Count(value, () => $"row {at}"))
                    {
                        yield return new Transaction(id, timestamp, value!.Value);
                    }
                }
            }
        }
    }

    private DateTimeOffset Timestamp(object? value, Func<string, TransactionFileException> error) => value switch
    {
        DateTime time => new DateTimeOffset(time.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(time, DateTimeKind.Utc) : time.ToUniversalTime()),
        DateTimeOffset time => time.ToUniversalTime(),
        DateOnly day => new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
        _ => TransactionValues.Timestamp(Text(value), dateFormat, error),
    };

    private static decimal? Amount(object? value, Func<string, TransactionFileException> error) => value switch
    {
        null => null,
        decimal d => d,
        double d when double.IsFinite(d) => (decimal)d,
        float f when float.IsFinite(f) => (decimal)f,
        double or float => throw error($"amount '{Text(value)}' is not a finite number."),
        _ => TransactionValues.Amount(Text(value), error),
    };

    private static string? Text(object? value) => value switch
    {
        null => null,
        string s => s,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    private static DataField Find(DataField[] fields, string name, string role) =>
        fields.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw TransactionFileException.InSchema(
            $"the file has no {role} column '{name}'; its columns are {string.Join(", ", fields.Select(f => $"'{f.Name}'"))}.");

    /// <summary>One column of a row group as values of its own type, nulls kept.</summary>
    private static async Task<object?[]> ReadAsync(ParquetRowGroupReader group, DataField field, int count, CancellationToken cancellationToken)
    {
        var type = Nullable.GetUnderlyingType(field.ClrType) ?? field.ClrType;
        if (type == typeof(string) || type == typeof(ReadOnlyMemory<char>))
        {
            var text = new string?[count];
            await group.ReadAsync(field, text.AsMemory(), cancellationToken: cancellationToken).ConfigureAwait(false);
            return text;
        }

        return type switch
        {
            _ when type == typeof(int) => await ValuesAsync<int>(group, field, count, cancellationToken).ConfigureAwait(false),
            _ when type == typeof(long) => await ValuesAsync<long>(group, field, count, cancellationToken).ConfigureAwait(false),
            _ when type == typeof(short) => await ValuesAsync<short>(group, field, count, cancellationToken).ConfigureAwait(false),
            _ when type == typeof(double) => await ValuesAsync<double>(group, field, count, cancellationToken).ConfigureAwait(false),
            _ when type == typeof(float) => await ValuesAsync<float>(group, field, count, cancellationToken).ConfigureAwait(false),
            _ when type == typeof(decimal) => await ValuesAsync<decimal>(group, field, count, cancellationToken).ConfigureAwait(false),
            _ when type == typeof(DateTime) => await ValuesAsync<DateTime>(group, field, count, cancellationToken).ConfigureAwait(false),
            _ when type == typeof(DateTimeOffset) => await ValuesAsync<DateTimeOffset>(group, field, count, cancellationToken).ConfigureAwait(false),
            _ when type == typeof(DateOnly) => await ValuesAsync<DateOnly>(group, field, count, cancellationToken).ConfigureAwait(false),
            _ => throw TransactionFileException.InSchema($"column '{field.Name}' holds {type.Name} values, which are not a customer id, date or amount."),
        };
    }

    private static async Task<object?[]> ValuesAsync<T>(ParquetRowGroupReader group, DataField field, int count, CancellationToken cancellationToken)
        where T : struct
    {
        var values = new object?[count];
        if (field.IsNullable)
        {
            var nullable = new T?[count];
            await group.ReadAsync(field, nullable.AsMemory(), cancellationToken: cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < count; i++)
            {
                values[i] = nullable[i];
            }
        }
        else
        {
            var plain = new T[count];
            await group.ReadAsync(field, plain.AsMemory(), cancellationToken: cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < count; i++)
            {
                values[i] = plain[i];
            }
        }

        return values;
    }
}
