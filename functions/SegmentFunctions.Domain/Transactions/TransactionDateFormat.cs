using System.Globalization;

namespace SegmentFunctions.Domain.Transactions;

/// <summary>
/// How purchase times are written. <see cref="Iso8601"/> (the default) takes a date (yyyy-MM-dd, midnight UTC) or a
/// date-time with Z, an offset or neither (then UTC), seconds and fractions optional. Any other format is a .NET
/// custom date format such as <c>yyyyMMdd</c>, <c>dd/MM/yyyy</c> or <c>MM/dd/yyyy HH:mm</c>; times without an offset are
/// UTC.
/// </summary>
public sealed class TransactionDateFormat
{
    /// <summary>The option value that selects <see cref="Iso8601"/>.</summary>
    public const string IsoName = "iso";

    private const DateTimeStyles Styles = DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal | DateTimeStyles.AllowWhiteSpaces;

    private static readonly string[] IsoFormats =
    [
        "yyyy-MM-dd",
        "yyyy-MM-dd'T'HH:mmK",
        "yyyy-MM-dd'T'HH:mm:ssK",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd HH:mmK",
        "yyyy-MM-dd HH:mm:ssK",
        "yyyy-MM-dd HH:mm:ss.FFFFFFFK",
    ];

    private readonly string[] _formats;

    private TransactionDateFormat(string name, string[] formats)
    {
        Name = name;
        _formats = formats;
    }

    public static TransactionDateFormat Iso8601 { get; } = new(IsoName, IsoFormats);

    /// <summary>What the file's dates look like, for messages: "ISO 8601" or the custom format.</summary>
    public string Name { get; }

    /// <summary><see cref="Iso8601"/> for "iso" (any case), else the custom format <paramref name="text"/>.</summary>
    /// <exception cref="FormatException">The text is not a valid .NET date format.</exception>
    public static TransactionDateFormat Parse(string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        if (string.Equals(text, IsoName, StringComparison.OrdinalIgnoreCase))
        {
            return Iso8601;
        }

        // Formatting a date throws for a malformed pattern; a one-letter standard format would mean another thing.
        if (text.Length < 2)
        {
            throw new FormatException($"'{text}' is a standard format letter, not a date pattern such as yyyyMMdd.");
        }

        _ = new DateTime(2000, 1, 2, 3, 4, 5, DateTimeKind.Utc).ToString(text, CultureInfo.InvariantCulture);
        return new TransactionDateFormat(text, [text]);
    }

    public bool TryParse(ReadOnlySpan<char> text, out DateTimeOffset timestamp) =>
        DateTimeOffset.TryParseExact(text, _formats, CultureInfo.InvariantCulture, Styles, out timestamp);

    public override string ToString() => ReferenceEquals(this, Iso8601) ? "an ISO 8601 date or date-time" : $"a {Name} date";
}
