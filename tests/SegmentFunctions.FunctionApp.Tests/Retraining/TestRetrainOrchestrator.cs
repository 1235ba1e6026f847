using Microsoft.DurableTask;
using SegmentFunctions.Application.Retraining;

namespace SegmentFunctions.FunctionApp.Tests.Retraining;

/// <summary>
/// Stands in for the retraining workflow under its name: two activities with a reported status, so the function app's
/// triggers can be tested apart from the models it trains.
/// </summary>
[DurableTask(RetrainOrchestration.Name)]
public sealed class TestRetrainOrchestrator : TaskOrchestrator<RetrainRequest, TestRetrainResult>
{
    public const string PrepareStep = "TestPrepare";
    public const string TrainStep = "TestTrain";

    public override async Task<TestRetrainResult> RunAsync(TaskOrchestrationContext context, RetrainRequest input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        context.SetCustomStatus(new RetrainProgress("prepare", 0.25));
        var prepared = await context.CallActivityAsync<string>(PrepareStep, input.Trigger);
        context.SetCustomStatus(new RetrainProgress("train", 0.75));
        var trained = await context.CallActivityAsync<string>(TrainStep, prepared);
        return new TestRetrainResult(input.Trigger, trained);
    }
}
