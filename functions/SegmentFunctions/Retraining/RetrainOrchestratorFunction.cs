using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using SegmentFunctions.Application.Retraining;

namespace SegmentFunctions.Retraining;

/// <summary>
/// The retraining orchestration under Durable Functions: the class-based <see cref="RetrainOrchestrator"/>, resolved
/// from DI and run on the function's orchestration context, as Microsoft.DurableTask.Generators would wire it.
/// </summary>
public sealed class RetrainOrchestratorFunction(RetrainOrchestrator orchestrator)
{
    [Function(RetrainOrchestration.Name)]
    public Task<RetrainResult> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return orchestrator.RunAsync(context, context.GetInput<RetrainRequest>()!);
    }
}
