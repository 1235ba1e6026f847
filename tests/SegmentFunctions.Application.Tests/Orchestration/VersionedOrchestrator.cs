using SegmentFunctions.Application.Orchestration;

namespace SegmentFunctions.Application.Tests.Orchestration;

/// <summary>Calls the deployed version's activities in turn with <c>input</c>.</summary>
public sealed class VersionedOrchestrator(DeployedVersion version) : IOrchestrator<int, int>
{
    public const string Name = "Versioned";

    public async Task<int> RunAsync(IOrchestrationContext context, int input)
    {
        var value = input;
        foreach (var activity in version.Activities)
        {
            value = await context.CallActivityAsync<int>(activity, value);
        }

        return value;
    }
}
