using System.Globalization;

namespace SegmentFunctions.Application.BatchScoring;

/// <summary>
/// Blob layout of batch scores in one container: <c>{container}/{version}/scores.parquet</c>,
/// <c>{container}/{version}/segments/{segmentId}.parquet</c>, <c>{container}/{version}/flows.json</c> and, written
/// last, <c>{container}/{version}/manifest.json</c>. Both Parquet files have the columns customerId, segmentId,
/// segmentName, segmentProbability, one <c>segmentProbability_{segmentId}</c> per segment (flat doubles rather than a
/// list column, in the manifest's segment order), churnProbability, churnBand (low|medium|high), churnMethod
/// (classifier|expectedPurchases), pAlive, expectedPurchases, clv (null without Gamma-Gamma) and asOf (UTC, µs).
/// scores.parquet is in snapshot order; each segment file holds that segment's rows by churn probability descending.
/// While a version is scored shard by shard, each snapshot shard's part is under <c>{container}/{version}/parts/{shard}/</c>
/// (the same two kinds of file for that shard's customers and part.json last); merging the parts removes them.
/// </summary>
public sealed class BatchScoreLayout(string container)
{
    public string Root { get; } = $"{container}/";

    public string Folder(string version) => $"{Root}{version}/";

    public string Scores(string version) => $"{Folder(version)}scores.parquet";

    public string SegmentsFolder(string version) => $"{Folder(version)}segments/";

    public string Segment(string version, int segmentId) =>
        string.Create(CultureInfo.InvariantCulture, $"{SegmentsFolder(version)}{segmentId}.parquet");

    public string Flows(string version) => $"{Folder(version)}flows.json";

    public string Manifest(string version) => $"{Folder(version)}manifest.json";

    public string PartsFolder(string version) => $"{Folder(version)}parts/";

    public string PartFolder(string version, int shard) =>
        string.Create(CultureInfo.InvariantCulture, $"{PartsFolder(version)}{shard}/");

    public string PartScores(string version, int shard) => $"{PartFolder(version, shard)}scores.parquet";

    public string PartSegment(string version, int shard, int segmentId) =>
        string.Create(CultureInfo.InvariantCulture, $"{PartFolder(version, shard)}segments/{segmentId}.parquet");

    public string PartManifest(string version, int shard) => $"{PartFolder(version, shard)}part.json";

    /// <summary>Versions name blob folders: 1-64 lowercase letters, digits, '-' or '_' (model versions are).</summary>
    public static void ValidateVersion(string version)
    {
        if (string.IsNullOrEmpty(version) || version.Length > 64
            || !version.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_'))
        {
            throw new ArgumentException(
                $"Score version '{version}' must be 1-64 lowercase letters, digits, '-' or '_' (it names a blob folder).",
                nameof(version));
        }
    }
}
