using System.Globalization;
using System.Text;

namespace SegmentFunctions.Segments;

/// <summary>
/// The query of an audience page, validated: churn bounds in [0, 1], an optional CLV floor, the format, the page size
/// and where to continue. A continuation token names the batch score version it belongs to and the row of the
/// segment file to resume at, so a page boundary survives nothing but the version it was issued for.
/// </summary>
public sealed record AudienceQuery(double MinChurn, double MaxChurn, double? MinClv, bool Csv, int Limit, AudienceCursor? Cursor)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    /// <summary>The query, or the reason it is not one.</summary>
    public static (AudienceQuery? Query, string? Problem) Parse(
        string? minChurn, string? maxChurn, string? minClv, string? format, string? limit, string? continuationToken)
    {
        if (!TryProbability(minChurn, 0, out var min))
        {
            return (null, $"minChurn must be a number from 0 to 1, not '{minChurn}'.");
        }

        if (!TryProbability(maxChurn, 1, out var max))
        {
            return (null, $"maxChurn must be a number from 0 to 1, not '{maxChurn}'.");
        }

        if (min > max)
        {
            return (null, $"minChurn ({min}) must not exceed maxChurn ({max}).");
        }

        double? clvFloor = null;
        if (!string.IsNullOrEmpty(minClv))
        {
            if (!double.TryParse(minClv, NumberStyles.Float, CultureInfo.InvariantCulture, out var clv) || !double.IsFinite(clv))
            {
                return (null, $"minClv must be a number, not '{minClv}'.");
            }

            clvFloor = clv;
        }

        var csv = format switch
        {
            null or "" or "json" => false,
            "csv" => true,
            _ => (bool?)null,
        };
        if (csv is null)
        {
            return (null, $"format must be 'json' or 'csv', not '{format}'.");
        }

        var size = DefaultLimit;
        if (!string.IsNullOrEmpty(limit)
            && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size is < 1 or > MaxLimit))
        {
            return (null, $"limit must be a whole number from 1 to {MaxLimit}, not '{limit}'.");
        }

        AudienceCursor? cursor = null;
        if (!string.IsNullOrEmpty(continuationToken))
        {
            cursor = AudienceCursor.Parse(continuationToken);
            if (cursor is null)
            {
                return (null, "continuationToken is not a token this API issued.");
            }
        }

        return (new AudienceQuery(min, max, clvFloor, csv.Value, size, cursor), null);
    }

    private static bool TryProbability(string? text, double absent, out double value)
    {
        value = absent;
        return string.IsNullOrEmpty(text)
            || (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && value is >= 0 and <= 1);
    }
}

/// <summary>Where the next audience page starts: a row of one batch score version's segment file.</summary>
public sealed record AudienceCursor(string ScoresVersion, long Row)
{
    public string ToToken() =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{ScoresVersion}|{Row}")))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static AudienceCursor? Parse(string token)
    {
        try
        {
            var base64 = token.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(base64));
            var separator = text.LastIndexOf('|');
            return separator > 0 && long.TryParse(text.AsSpan(separator + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var row)
                ? new AudienceCursor(text[..separator], row)
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
