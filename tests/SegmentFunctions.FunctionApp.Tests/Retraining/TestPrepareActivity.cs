using Microsoft.DurableTask;

namespace SegmentFunctions.FunctionApp.Tests.Retraining;

[DurableTask(TestRetrainOrchestrator.PrepareStep)]
public sealed class TestPrepareActivity(TestRetrainSteps steps) : TaskActivity<string, string>
{
    public override Task<string> RunAsync(TaskActivityContext context, string input)
    {
        steps.Count(TestRetrainOrchestrator.PrepareStep);
        return Task.FromResult($"prepared for {input}");
    }
}
