using Microsoft.DurableTask;

namespace SegmentFunctions.FunctionApp.Tests.Retraining;

[DurableTask(TestRetrainOrchestrator.TrainStep)]
public sealed class TestTrainActivity(TestRetrainSteps steps) : TaskActivity<string, string>
{
    public override async Task<string> RunAsync(TaskActivityContext context, string input)
    {
        steps.Count(TestRetrainOrchestrator.TrainStep);
        if (steps.TrainFailsWith is { } failure)
        {
            throw failure;
        }

        await steps.WaitUntilTrainReleasedAsync();
        return $"model from {input}";
    }
}
