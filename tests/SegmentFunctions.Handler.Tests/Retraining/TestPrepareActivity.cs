using SegmentFunctions.Application.Orchestration;

namespace SegmentFunctions.Handler.Tests.Retraining;

public sealed class TestPrepareActivity(TestRetrainSteps steps) : IActivity<string, string>
{
    public Task<string> RunAsync(string input, ActivityContext context, CancellationToken cancellationToken)
    {
        steps.Count(TestRetrainOrchestrator.PrepareStep);
        return Task.FromResult($"prepared for {input}");
    }
}
