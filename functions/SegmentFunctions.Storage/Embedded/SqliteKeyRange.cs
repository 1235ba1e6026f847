using System.Text;

namespace SegmentFunctions.Storage.Embedded;

/// <summary>
/// The range token of <see cref="SqliteFeatureStore"/>: customer ids in (after, up to], written as "keys:", the hex of
/// after's UTF-8, ":", and the hex of up to's UTF-8 or "*" for no upper key, so any id survives the round trip.
/// </summary>
internal static class SqliteKeyRange
{
    private const string Prefix = "keys:";

    public static string Token(string after, string? upTo) =>
        $"{Prefix}{Convert.ToHexStringLower(Encoding.UTF8.GetBytes(after))}:{(upTo is null ? "*" : Convert.ToHexStringLower(Encoding.UTF8.GetBytes(upTo)))}";

    /// <exception cref="ArgumentException">Not a token of <see cref="Token"/>.</exception>
    public static (string After, string? UpTo) Parse(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        var parts = token.StartsWith(Prefix, StringComparison.Ordinal) ? token[Prefix.Length..].Split(':') : [];
        try
        {
            if (parts.Length == 2)
            {
                return (Encoding.UTF8.GetString(Convert.FromHexString(parts[0])), parts[1] == "*" ? null : Encoding.UTF8.GetString(Convert.FromHexString(parts[1])));
            }
        }
        catch (FormatException)
        {
            // Reported below with the token.
        }

        throw new ArgumentException($"'{token}' is not a key range of the embedded feature store.", nameof(token));
    }
}
