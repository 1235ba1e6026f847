using System.Text.Json;

namespace SegmentFunctions.Application.Orchestration;

/// <summary>
/// A run's status document (<c>runs/{id}/status.json</c>), shaped like Durable's check-status response: id,
/// runtimeStatus, input, customStatus, output, createdTime, lastUpdatedTime; plus the failure and the time the run
/// first executed (its deterministic <see cref="IOrchestrationContext.CurrentUtcDateTime"/>).
/// </summary>
public sealed record OrchestrationStatus
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public required OrchestrationRuntimeStatus RuntimeStatus { get; init; }

    public JsonElement? Input { get; init; }

    public OrchestrationCustomStatus? CustomStatus { get; init; }

    public JsonElement? Output { get; init; }

    public OrchestrationFailureDetails? Failure { get; init; }

    public required DateTimeOffset CreatedTime { get; init; }

    public DateTimeOffset? StartedTime { get; init; }

    public required DateTimeOffset LastUpdatedTime { get; init; }

    public bool IsTerminal => RuntimeStatus is OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed;

    /// <summary>The output as <typeparamref name="T"/>; throws when the run has not completed.</summary>
    public T? ReadOutput<T>(JsonSerializerOptions options) => RuntimeStatus == OrchestrationRuntimeStatus.Completed && Output is { } output
        ? output.Deserialize<T>(options)
        : throw new InvalidOperationException($"Run '{Id}' has no output: it is {RuntimeStatus}.");
}
