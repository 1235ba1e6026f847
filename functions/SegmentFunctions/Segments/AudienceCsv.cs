using System.Globalization;
using System.Text;

namespace SegmentFunctions.Segments;

/// <summary>An audience page as CSV (RFC 4180): a header, then one line per customer.</summary>
public static class AudienceCsv
{
    public const string ContentType = "text/csv; charset=utf-8";
    public const string Header = "customerId,churnProbability,churnBand,pAlive,expectedPurchases,clv";

    public static string Write(IReadOnlyList<AudienceMember> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        var csv = new StringBuilder(64 * (members.Count + 1));
        csv.Append(Header).Append("\r\n");
        foreach (var m in members)
        {
            AppendField(csv, m.CustomerId);
            csv.Append(CultureInfo.InvariantCulture, $",{m.ChurnProbability:R},{m.ChurnBand},{m.PAlive:R},{m.ExpectedPurchases:R},");
            if (m.Clv is { } clv)
            {
                csv.Append(clv.ToString("R", CultureInfo.InvariantCulture));
            }

            csv.Append("\r\n");
        }

        return csv.ToString();
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
