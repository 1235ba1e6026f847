using System.Text.Json;

namespace SegmentFunctions.Application.Retraining.Runs;

/// <summary>
/// A run's status document (<c>GET /api/retrain/{runId}</c>, <c>segment runs</c>), shaped like Durable's
/// check-status response: id, name, runtimeStatus, input, customStatus (step and progress), output, createdTime,
/// lastUpdatedTime; plus the failure (the step that failed and its error) and the time the run started. Read from the
/// task hub while it knows the instance, else from the run's record (<c>runs/{runId}/run.json</c>).
/// </summary>
public sealed record RetrainRunStatus
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public required RetrainRuntimeStatus RuntimeStatus { get; init; }

    public JsonElement? Input { get; init; }

    public RetrainProgress? CustomStatus { get; init; }

    public JsonElement? Output { get; init; }

    public RetrainRunFailure? Failure { get; init; }

    public required DateTimeOffset CreatedTime { get; init; }

    public DateTimeOffset? StartedTime { get; init; }

    public required DateTimeOffset LastUpdatedTime { get; init; }

    public bool IsTerminal => RuntimeStatus is RetrainRuntimeStatus.Completed or RetrainRuntimeStatus.Failed;

    /// <summary>The run's result; null unless it completed.</summary>
    public RetrainResult? ReadResult() => RuntimeStatus == RetrainRuntimeStatus.Completed && Output is { } output
        ? output.Deserialize(RetrainJsonContext.Default.RetrainResult) is { } result
            ? result
            : throw new InvalidDataException($"Run '{Id}' completed without a result.")
        : null;

    /// <summary>The request the run was started with; null when the document does not carry it.</summary>
    public RetrainRequest? ReadRequest() => Input is { ValueKind: JsonValueKind.Object } input
        ? input.Deserialize(RetrainJsonContext.Default.RetrainRequest)
        : null;
}
