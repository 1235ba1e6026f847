using Microsoft.Extensions.Options;

namespace SegmentFunctions.Application.Retraining.Parts;

/// <summary>
/// Where a run keeps its model parts, beside its record: <c>runs/{runId}/parts/{name}</c> and the assembled
/// challenger <c>runs/{runId}/challenger/bundle.zip</c>. Fixed names, so a re-executed activity overwrites its output.
/// </summary>
public sealed class RetrainRunFiles(IOptions<RetrainingOptions> options)
{
    private readonly string _root = $"{options.Value.RunsContainer}/";

    public string Part(string runId, string name) => $"{_root}{runId}/parts/{name}";

    public string Challenger(string runId) => $"{_root}{runId}/challenger/bundle.zip";
}
