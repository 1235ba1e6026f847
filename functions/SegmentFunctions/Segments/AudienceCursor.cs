using System.Globalization;
using System.Text;

namespace SegmentFunctions.Segments;

/// <summary>
/// Where the next audience page starts in one batch score version: the row of its segment file (churn order), or the
/// position in the ranked audience (expected-value order).
/// </summary>
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
