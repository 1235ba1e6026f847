using System.Globalization;
using Microsoft.Extensions.Options;

namespace SegmentFunctions.Application.Retraining.Parts;

/// <summary>
/// Where a run keeps its model parts, beside its record: <c>runs/{runId}/parts/{name}</c>, the shards' parts under <c>parts/shards/</c>, and the assembled
/// challenger <c>runs/{runId}/challenger/bundle.zip</c>. Fixed names, so a re-executed activity overwrites its output.
/// </summary>
public sealed class RetrainRunFiles(IOptions<RetrainingOptions> options)
{
    private readonly string _root = $"{options.Value.RunsContainer}/";

    public string Part(string runId, string name) => $"{_root}{runId}/parts/{name}";

    /// <summary>A part that one shard of the run's snapshot contributes: <c>runs/{runId}/parts/shards/{shard:D5}/{name}</c>.</summary>
    public string ShardPart(string runId, int shard, string name) =>
        string.Create(CultureInfo.InvariantCulture, $"{_root}{runId}/parts/shards/{shard:D5}/{name}");

    public string Challenger(string runId) => $"{_root}{runId}/challenger/bundle.zip";
}
