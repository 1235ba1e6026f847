using System.Globalization;

namespace SegmentFunctions.Domain.Transactions;

/// <summary>Parsing of the fields every format shares; a bad value throws the exception <c>where</c> makes.</summary>
public static class TransactionValues
{
    public static string CustomerId(string? text, Func<string, TransactionFileException> error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var id = text?.Trim();
        return string.IsNullOrEmpty(id) ? throw error("customer id is empty.") : id;
    }

    public static DateTimeOffset Timestamp(string? text, TransactionDateFormat format, Func<string, TransactionFileException> error)
    {
        ArgumentNullException.ThrowIfNull(format);
        ArgumentNullException.ThrowIfNull(error);
        if (string.IsNullOrWhiteSpace(text))
        {
            throw error("date is empty.");
        }

        return format.TryParse(text.AsSpan().Trim(), out var timestamp)
            ? timestamp
            : throw error($"date '{text}' is not {format}.");
    }

    /// <summary>
    /// A money amount, or null when the field is empty. NaN and infinities are named as such rather than reported as
    /// "not a number", since they come from exports that wrote a floating-point value.
    /// </summary>
    public static decimal? Amount(string? text, Func<string, TransactionFileException> error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var span = text.AsSpan().Trim();
        if (span.IsEmpty)
        {
            return null;
        }

        if (decimal.TryParse(span, NumberStyles.Float, CultureInfo.InvariantCulture, out var amount))
        {
            return amount;
        }

        throw double.TryParse(span, NumberStyles.Float, CultureInfo.InvariantCulture, out var asDouble) && !double.IsFinite(asDouble)
            ? error($"amount '{text}' is not a finite number.")
            : error($"amount '{text}' is not a number.");
    }
}
