using System.Text.Json;

namespace SegmentFunctions.Application.Orchestration;

internal sealed record OrchestratorRegistration(
    string Name,
    Func<IServiceProvider, IOrchestrationContext, JsonElement, Task<JsonElement>> InvokeAsync);
