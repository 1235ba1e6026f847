using System.Text.Json;

namespace SegmentFunctions.Application.Orchestration;

/// <summary>
/// One journaled activity call (<c>runs/{id}/history/{sequence:D6}.json</c>, written once): its result inline, or in
/// <see cref="ResultBlob"/> when large, or its permanent failure.
/// </summary>
public sealed record ActivityRecord
{
    public required int Sequence { get; init; }

    public required string Name { get; init; }

    /// <summary>SHA-256 (hex) of the input JSON; a replayed call with another input is a non-determinism error.</summary>
    public required string InputHash { get; init; }

    public JsonElement? Result { get; init; }

    public string? ResultBlob { get; init; }

    public ActivityFailure? Failure { get; init; }

    public required DateTimeOffset StartedTime { get; init; }

    public required DateTimeOffset CompletedTime { get; init; }

    public required int Attempts { get; init; }
}
