using System.Text.RegularExpressions;

namespace SegmentFunctions.Application.Registry;

/// <summary>
/// Model version ids "v{yyyyMMdd}-{HHmmss}-{suffix}" (UTC; suffix of lowercase letters and digits): ordinal order is
/// publication time order, so listings and "newest first" need no other metadata.
/// </summary>
public static partial class ModelVersionId
{
    public static string New(DateTimeOffset now) => $"v{now.UtcDateTime:yyyyMMdd'-'HHmmss}-{Guid.NewGuid():N}"[..23];

    public static bool IsValid(string? version) => version is not null && Pattern().IsMatch(version);

    public static void Validate(string version)
    {
        if (!IsValid(version))
        {
            throw new ArgumentException(
                $"Model version '{version}' must look like 'v20261122-153000-abc123' (UTC date and time, then 1-32 lowercase letters or digits).",
                nameof(version));
        }
    }

    [GeneratedRegex("^v[0-9]{8}-[0-9]{6}-[a-z0-9]{1,32}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
