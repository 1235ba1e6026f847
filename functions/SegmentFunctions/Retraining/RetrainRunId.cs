using System.Text.RegularExpressions;

namespace SegmentFunctions.Retraining;

/// <summary>
/// The shape of run ids the orchestration engine creates (<c>yyyyMMddTHHmmssfffZ-</c> plus 12 hex digits). A URL or
/// message is checked against it before the id names a blob path.
/// </summary>
public static partial class RetrainRunId
{
    public static bool IsValid(string? runId) => runId is not null && Pattern().IsMatch(runId);

    [GeneratedRegex("^[0-9]{8}T[0-9]{9}Z-[0-9a-f]{12}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
