using System.Text.Json;

namespace SegmentFunctions.Application.Orchestration;

internal sealed record ActivityRegistration(string Name,
    Func<IServiceProvider, JsonElement, ActivityContext, CancellationToken, Task<JsonElement>> InvokeAsync);
