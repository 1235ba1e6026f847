using SegmentFunctions.Application.Orchestration;

namespace SegmentFunctions.Handler.Tests.Retraining;

public sealed class TestTrainActivity(TestRetrainSteps steps) : IActivity<string, string>
{
    public async Task<string> RunAsync(string input, ActivityContext context, CancellationToken cancellationToken)
    {
        steps.Count(TestRetrainOrchestrator.TrainStep);
        if (steps.TrainFailsWith is { } failure)
        {
            throw failure;
        }

        if (steps.HoldTrainUntilCancelled)
        {
            steps.TrainHeld.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        return $"model from {input}";
    }
}
