using System.Globalization;
using SegmentFunctions.Domain.Models.Churn;

namespace SegmentFunctions.Segments;

/// <summary>
/// The query of an audience page, validated: churn bounds in [0, 1], churn bands, CLV and P(alive) ranges, the order
/// (with the contact economics of the expected-value order), the format, the page size and where to continue. A
/// continuation token names the batch score version it belongs to and the position to resume at, so a page boundary
/// survives nothing but the version it was issued for; it is meant for the same query.
/// </summary>
public sealed record AudienceQuery(
    double MinChurn,
    double MaxChurn,
    IReadOnlySet<RiskBand>? Bands,
    double? MinClv,
    double? MaxClv,
    double MinPAlive,
    double MaxPAlive,
    AudienceOrderBy OrderBy,
    ContactEconomics Economics,
    bool Csv,
    int Limit,
    AudienceCursor? Cursor)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    /// <summary>Whether a customer's batch row passes every filter but the churn bounds, which the scan applies itself.</summary>
    public bool Admits(RiskBand band, double? clv, double pAlive) =>
        (Bands is null || Bands.Contains(band))
        && (MinClv is not { } min || (clv is { } low && low >= min))
        && (MaxClv is not { } max || (clv is { } high && high <= max))
        && pAlive >= MinPAlive && pAlive <= MaxPAlive;

    /// <summary>The query read from <paramref name="value"/> (a query string parameter by name, empty when absent), or the reason it is not one.</summary>
    public static (AudienceQuery? Query, string? Problem) Parse(Func<string, string?> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!TryFraction(value("minChurn"), 0, out var minChurn) || !TryFraction(value("maxChurn"), 1, out var maxChurn))
        {
            return (null, $"minChurn and maxChurn must be numbers from 0 to 1, not '{value("minChurn")}' and '{value("maxChurn")}'.");
        }

        if (minChurn > maxChurn)
        {
            return (null, $"minChurn ({minChurn}) must not exceed maxChurn ({maxChurn}).");
        }

        if (!TryFraction(value("minPAlive"), 0, out var minPAlive) || !TryFraction(value("maxPAlive"), 1, out var maxPAlive))
        {
            return (null, $"minPAlive and maxPAlive must be numbers from 0 to 1, not '{value("minPAlive")}' and '{value("maxPAlive")}'.");
        }

        if (minPAlive > maxPAlive)
        {
            return (null, $"minPAlive ({minPAlive}) must not exceed maxPAlive ({maxPAlive}).");
        }

        if (!TryOptionalNumber(value("minClv"), out var minClv) || !TryOptionalNumber(value("maxClv"), out var maxClv))
        {
            return (null, $"minClv and maxClv must be numbers, not '{value("minClv")}' and '{value("maxClv")}'.");
        }

        if (minClv > maxClv)
        {
            return (null, $"minClv ({minClv}) must not exceed maxClv ({maxClv}).");
        }

        var bands = ParseBands(value("churnBand"));
        if (bands is { Count: 0 })
        {
            return (null, $"churnBand must be a comma-separated list of Low, Medium and High, not '{value("churnBand")}'.");
        }

        AudienceOrderBy? orderBy = value("orderBy") switch
        {
            null or "" or "churn" => AudienceOrderBy.Churn,
            "expectedValue" => AudienceOrderBy.ExpectedValue,
            _ => null,
        };
        if (orderBy is null)
        {
            return (null, $"orderBy must be 'churn' or 'expectedValue', not '{value("orderBy")}'.");
        }

        if (!TryFraction(value("saveRate"), ContactEconomics.DefaultSaveRate, out var saveRate))
        {
            return (null, $"saveRate must be a number from 0 to 1, not '{value("saveRate")}'.");
        }

        if (!TryOptionalNumber(value("contactCost"), out var contactCost) || contactCost < 0)
        {
            return (null, $"contactCost must be a number of at least 0, not '{value("contactCost")}'.");
        }

        var csv = value("format") switch
        {
            null or "" or "json" => false,
            "csv" => true,
            _ => (bool?)null,
        };
        if (csv is null)
        {
            return (null, $"format must be 'json' or 'csv', not '{value("format")}'.");
        }

        var size = DefaultLimit;
        var limit = value("limit");
        if (!string.IsNullOrEmpty(limit)
            && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size is < 1 or > MaxLimit))
        {
            return (null, $"limit must be a whole number from 1 to {MaxLimit}, not '{limit}'.");
        }

        AudienceCursor? cursor = null;
        var continuationToken = value("continuationToken");
        if (!string.IsNullOrEmpty(continuationToken))
        {
            cursor = AudienceCursor.Parse(continuationToken);
            if (cursor is null)
            {
                return (null, "continuationToken is not a token this API issued.");
            }
        }

        return (new AudienceQuery(
            minChurn, maxChurn, bands, minClv, maxClv, minPAlive, maxPAlive, orderBy.Value,
            new ContactEconomics(saveRate, contactCost ?? ContactEconomics.DefaultContactCost), csv.Value, size, cursor), null);
    }

    /// <summary>Null when absent (every band); an empty set when any name is not a band.</summary>
    private static HashSet<RiskBand>? ParseBands(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var bands = new HashSet<RiskBand>();
        foreach (var name in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!Enum.TryParse<RiskBand>(name, ignoreCase: true, out var band) || !Enum.IsDefined(band) || int.TryParse(name, out _))
            {
                return [];
            }

            bands.Add(band);
        }

        return bands;
    }

    private static bool TryFraction(string? text, double absent, out double value)
    {
        value = absent;
        return string.IsNullOrEmpty(text)
            || (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && value is >= 0 and <= 1);
    }

    private static bool TryOptionalNumber(string? text, out double? value)
    {
        value = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || !double.IsFinite(number))
        {
            return false;
        }

        value = number;
        return true;
    }
}
