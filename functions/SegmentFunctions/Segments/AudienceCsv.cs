using System.Globalization;
using System.Text;
using SegmentFunctions.Scoring;

namespace SegmentFunctions.Segments;

/// <summary>
/// An audience page as CSV (RFC 4180): a header, then one line per customer, the same rows and values as the JSON
/// page. Intervals are a value column and its low and high columns; an absent value is an empty field.
/// </summary>
public static class AudienceCsv
{
    public const string ContentType = "text/csv; charset=utf-8";
    public const string Header =
        "customerId,churnProbability,churnBand,pAlive,pAliveLow,pAliveHigh,expectedPurchases,expectedPurchasesLow,expectedPurchasesHigh,clv,clvLow,clvHigh,expectedValue";

    public static string Write(IReadOnlyList<AudienceMember> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        var csv = new StringBuilder(128 * (members.Count + 1));
        csv.Append(Header).Append("\r\n");
        foreach (var m in members)
        {
            AppendField(csv, m.CustomerId);
            csv.Append(CultureInfo.InvariantCulture, $",{m.ChurnProbability:R},{m.ChurnBand}");
            AppendEstimate(csv, m.PAlive);
            AppendEstimate(csv, m.ExpectedPurchases);
            AppendEstimate(csv, m.Clv);
            AppendNumber(csv, m.ExpectedValue);
            csv.Append("\r\n");
        }

        return csv.ToString();
    }

    private static void AppendEstimate(StringBuilder csv, Estimate? estimate)
    {
        AppendNumber(csv, estimate?.Value);
        AppendNumber(csv, estimate?.Low);
        AppendNumber(csv, estimate?.High);
    }

    private static void AppendNumber(StringBuilder csv, double? value)
    {
        csv.Append(',');
        if (value is { } number)
        {
            csv.Append(number.ToString("R", CultureInfo.InvariantCulture));
        }
    }

    private static void AppendField(StringBuilder csv, string value)
    {
        if (value.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            csv.Append(value);
            return;
        }

        csv.Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }
}
