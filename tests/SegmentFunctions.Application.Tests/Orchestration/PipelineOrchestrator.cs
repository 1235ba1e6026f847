using SegmentFunctions.Application.Orchestration;

namespace SegmentFunctions.Application.Tests.Orchestration;

/// <summary>Sequential steps around a fan-out/fan-in: Double, then FanOut Squares in parallel, then Sum.</summary>
public sealed class PipelineOrchestrator : IOrchestrator<PipelineInput, PipelineOutput>
{
    public const string Name = "Pipeline";

    public async Task<PipelineOutput> RunAsync(IOrchestrationContext context, PipelineInput input)
    {
        context.SetCustomStatus("double", 0.0);
        var doubled = await context.CallActivityAsync<int>("Double", input.Seed);

        context.SetCustomStatus("square", 0.3);
        var squares = await Task.WhenAll(Enumerable.Range(0, input.FanOut).Select(i => context.CallActivityAsync<int>("Square", doubled + i)));

        context.SetCustomStatus("sum", 0.8);
        var sum = await context.CallActivityAsync<int>("Sum", squares);

        context.SetCustomStatus("done", 1.0);
        return new PipelineOutput(doubled, squares, sum, context.CurrentUtcDateTime);
    }
}
