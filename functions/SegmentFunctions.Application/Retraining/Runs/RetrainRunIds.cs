using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace SegmentFunctions.Application.Retraining.Runs;

/// <summary>
/// Run ids: <c>yyyyMMddTHHmmssfffZ-</c> and 12 hex digits, time-ordered so a listing reads oldest first. A run id is
/// also its Durable instance id. An id from a URL or a command line is checked against the shape before it names a
/// blob path or an instance.
/// </summary>
public static partial class RetrainRunIds
{
    public static string New(DateTimeOffset now) =>
        $"{now.UtcDateTime:yyyyMMdd'T'HHmmssfff'Z'}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}";

    public static bool IsValid(string? runId) => runId is not null && Pattern().IsMatch(runId);

    [GeneratedRegex("^[0-9]{8}T[0-9]{9}Z-[0-9a-f]{12}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
