using SegmentFunctions.Application.Orchestration;
using SegmentFunctions.Application.Registry;

namespace SegmentFunctions.Application.Retraining.Activities;

/// <summary>Records which model serves (and the pointer's ETag) when the run starts comparing against it.</summary>
public sealed class FindChampionActivity(ModelRegistry registry) : IActivity<string, ChampionInfo>
{
    public async Task<ChampionInfo> RunAsync(string input, ActivityContext context, CancellationToken cancellationToken)
    {
        var current = await registry.GetCurrentAsync(cancellationToken);
        return new ChampionInfo(current?.Model.Version, current?.ETag);
    }
}
