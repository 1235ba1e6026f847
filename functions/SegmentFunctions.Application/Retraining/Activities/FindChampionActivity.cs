using Microsoft.DurableTask;
using SegmentFunctions.Application.Registry;

namespace SegmentFunctions.Application.Retraining.Activities;

/// <summary>Records which model serves (and the pointer's ETag) when the run starts comparing against it.</summary>
[DurableTask(RetrainActivityNames.FindChampion)]
public sealed class FindChampionActivity(ModelRegistry registry, ActivityCancellation cancellation) : RetrainActivity<string, ChampionInfo>(cancellation)
{
    protected override async Task<ChampionInfo> ExecuteAsync(string input, CancellationToken cancellationToken)
    {
        var current = await registry.GetCurrentAsync(cancellationToken);
        return new ChampionInfo(current?.Model.Version, current?.ETag);
    }
}
