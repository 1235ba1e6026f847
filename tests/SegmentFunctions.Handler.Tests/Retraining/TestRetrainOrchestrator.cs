using SegmentFunctions.Application.Orchestration;
using SegmentFunctions.Application.Retraining;

namespace SegmentFunctions.Handler.Tests.Retraining;

/// <summary>
/// Stands in for the retraining workflow under its name: two journaled steps with a reported status, so the handler's
/// triggers can be tested apart from the models it trains.
/// </summary>
public sealed class TestRetrainOrchestrator : IOrchestrator<RetrainRequest, TestRetrainResult>
{
    public const string PrepareStep = "TestPrepare";
    public const string TrainStep = "TestTrain";

    public async Task<TestRetrainResult> RunAsync(IOrchestrationContext context, RetrainRequest input)
    {
        context.SetCustomStatus("prepare", 0.25);
        var prepared = await context.CallActivityAsync<string>(PrepareStep, input.Trigger);
        context.SetCustomStatus("train", 0.75);
        var trained = await context.CallActivityAsync<string>(TrainStep, prepared);
        return new TestRetrainResult(input.Trigger, trained);
    }
}
