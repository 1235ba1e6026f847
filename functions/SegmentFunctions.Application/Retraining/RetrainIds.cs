using System.Security.Cryptography;
using System.Text;
using SegmentFunctions.Application.Registry;
using SegmentFunctions.Application.Snapshots;

namespace SegmentFunctions.Application.Retraining;

/// <summary>
/// Ids a run derives from its own id, so that a replayed or re-executed step writes the same snapshot and publishes
/// the same model version instead of new ones.
/// </summary>
public static class RetrainIds
{
    /// <summary>A snapshot id in the <see cref="SnapshotLayout"/> form, as of <paramref name="asOf"/>, unique to the run.</summary>
    public static string Snapshot(string runId, DateTimeOffset asOf) => $"s{asOf.UtcDateTime:yyyyMMdd'-'HHmmss}-{Suffix(runId)}";

    /// <summary>A model version in the <see cref="ModelVersionId"/> form, dated by the run's start, unique to the run.</summary>
    public static string ModelVersion(string runId, DateTimeOffset runStarted) => $"v{runStarted.UtcDateTime:yyyyMMdd'-'HHmmss}-{Suffix(runId)}";

    private static string Suffix(string runId) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(runId)))[..12];
}
