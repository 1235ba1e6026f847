using System.Text.Json;
using SegmentFunctions.Application.Orchestration;

namespace SegmentFunctions.Application.Tests.Orchestration;

/// <summary>Calls the activities its input lists, one after the other, and returns their results.</summary>
public sealed class ScriptOrchestrator : IOrchestrator<ScriptStep[], JsonElement[]>
{
    public const string Name = "Script";

    public async Task<JsonElement[]> RunAsync(IOrchestrationContext context, ScriptStep[] input)
    {
        var results = new List<JsonElement>();
        foreach (var step in input)
        {
            context.SetCustomStatus(step.Activity, (double)results.Count / input.Length);
            results.Add(await context.CallActivityAsync<JsonElement>(step.Activity, step.Input));
        }

        return [.. results];
    }
}
