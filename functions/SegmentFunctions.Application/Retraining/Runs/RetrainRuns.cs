using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using SegmentFunctions.Application.Ports;

namespace SegmentFunctions.Application.Retraining.Runs;

/// <summary>
/// Starts retraining runs and reports on them through a <see cref="DurableTaskClient"/> given per call (Azure
/// Functions hands one to each invocation; the local host has one in DI). A run id is the run's orchestration
/// instance id. Runs are singletons: <c>runs/active.json</c> names the run that last claimed the singleton; a start
/// looks that instance up and schedules a new one only when it is not running, claiming the pointer with an ETag
/// condition first, so of two concurrent starts one creates the run and the other gets it back. Each run has a record
/// (<see cref="RetrainRunStore"/>), so past runs are listed even when the task hub has forgotten them.
/// </summary>
public sealed partial class RetrainRuns(RetrainRunStore store, TimeProvider clock, ILogger<RetrainRuns> logger)
{
    /// <summary>How long a claim may wait for its instance to be scheduled before it counts as a start that died.</summary>
    public static readonly TimeSpan StartGrace = TimeSpan.FromSeconds(30);

    private const int MaxStartAttempts = 10;
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Schedules a run with <paramref name="request"/>, or returns the active run (whatever it was asked with) with
    /// <see cref="RetrainStart.Created"/> false.
    /// </summary>
    public async Task<RetrainStart> StartAsync(DurableTaskClient client, RetrainRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(request);
        for (var attempt = 0; attempt < MaxStartAttempts; attempt++)
        {
            var pointer = await store.ReadPointerAsync(cancellationToken);
            if (pointer is { Document: var active } && await IsActiveAsync(client, active, cancellationToken))
            {
                LogAlreadyActive(logger, active.RunId, request.Trigger);
                return new RetrainStart(active.RunId, Created: false);
            }

            var now = clock.GetUtcNow();
            var runId = RetrainRunIds.New(now);
            string claim;
            try
            {
                claim = await store.WritePointerAsync(new ActiveRunPointer(runId, now, Scheduled: false), pointer?.ETag, cancellationToken);
            }
            catch (BlobConditionFailedException)
            {
                // A concurrent start claimed the singleton first: look again, and find its run.
                continue;
            }

            await store.WriteRecordAsync(Pending(runId, request, now), cancellationToken);
            try
            {
                await client.ScheduleNewOrchestrationInstanceAsync(
                    RetrainOrchestration.Name, request, new StartOrchestrationOptions(InstanceId: runId), cancellationToken);
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                // Marked scheduled, the claim names an instance the task hub does not have: the next start proceeds.
                await store.WritePointerAsync(new ActiveRunPointer(runId, now, Scheduled: true), claim, CancellationToken.None);
                throw;
            }

            try
            {
                await store.WritePointerAsync(new ActiveRunPointer(runId, now, Scheduled: true), claim, cancellationToken);
            }
            catch (BlobConditionFailedException)
            {
                // Only a start that waited out StartGrace changes a claim: the run is scheduled all the same.
            }

            LogStarted(logger, runId, request.Trigger);
            return new RetrainStart(runId, Created: true);
        }

        throw new StoreUnavailableException($"Could not start a retraining run: {store.PointerPath} kept changing under {MaxStartAttempts} attempts.");
    }

    /// <summary>The run's status, live from the task hub while it knows the run, else from its record; null for an unknown run.</summary>
    /// <exception cref="ArgumentException"><paramref name="runId"/> does not have the shape of a run id.</exception>
    public async Task<RetrainRunStatus?> GetStatusAsync(DurableTaskClient client, string runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (!RetrainRunIds.IsValid(runId))
        {
            throw new ArgumentException($"'{runId}' is not a run id (yyyyMMddTHHmmssfffZ- and 12 hex digits).", nameof(runId));
        }

        var record = await store.ReadRecordAsync(runId, cancellationToken);
        var instance = await client.GetInstanceAsync(runId, getInputsAndOutputs: true, cancellationToken);
        return instance is null
            ? record is null ? null : Unscheduled(record)
            : FromInstance(instance, record);
    }

    /// <summary>Every run with a record, newest first; runs not yet terminal with their live status.</summary>
    public async Task<IReadOnlyList<RetrainRunStatus>> ListAsync(DurableTaskClient client, CancellationToken cancellationToken)
    {
        var records = await store.ListRecordsAsync(cancellationToken);
        var runs = new List<RetrainRunStatus>(records.Count);
        foreach (var record in records)
        {
            runs.Add(record.IsTerminal ? record : await GetStatusAsync(client, record.Id, cancellationToken) ?? record);
        }

        return runs;
    }

    /// <summary>Waits for the run to end, reporting its custom status as it changes, and returns its final status.</summary>
    public async Task<RetrainRunStatus> WaitForCompletionAsync(
        DurableTaskClient client, string runId, IProgress<RetrainProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        string? reported = null;
        while (true)
        {
            var instance = await client.GetInstanceAsync(runId, getInputsAndOutputs: true, cancellationToken);
            if (instance?.SerializedCustomStatus is { } custom && custom != reported && ReadProgress(custom) is { } step)
            {
                reported = custom;
                progress?.Report(step);
            }

            if (instance is null || IsTerminal(instance.RuntimeStatus))
            {
                var status = await GetStatusAsync(client, runId, cancellationToken)
                    ?? throw new InvalidOperationException($"Run {runId} has neither an instance in the task hub nor a record.");
                if (status.IsTerminal || instance is not null)
                {
                    return status;
                }

                // Claimed but not yet scheduled: within StartGrace it still may be; after it, it reads as abandoned.
            }

            // Real time, not the injected clock: this waits for a worker, not for a point in the run's time.
            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    private async Task<bool> IsActiveAsync(DurableTaskClient client, ActiveRunPointer active, CancellationToken cancellationToken)
    {
        if (!active.Scheduled)
        {
            return clock.GetUtcNow() - active.ClaimedAt < StartGrace;
        }

        return await client.GetInstanceAsync(active.RunId, getInputsAndOutputs: false, cancellationToken) is { } instance
            && !IsTerminal(instance.RuntimeStatus);
    }

    /// <summary>A record whose instance the task hub does not know: just started, finished and purged, or abandoned.</summary>
    private RetrainRunStatus Unscheduled(RetrainRunStatus record) =>
        record.IsTerminal || clock.GetUtcNow() - record.CreatedTime < StartGrace
            ? record
            : record with
            {
                RuntimeStatus = RetrainRuntimeStatus.Failed,
                Failure = new RetrainRunFailure(
                    record.CustomStatus?.Step ?? RetrainOrchestration.Name,
                    "RunAbandoned",
                    "The task hub no longer knows this run: the process that ran it stopped before it finished (the in-memory backend forgets its runs). Start a new run."),
            };

    private static RetrainRunStatus FromInstance(OrchestrationMetadata instance, RetrainRunStatus? record)
    {
        var status = instance.RuntimeStatus switch
        {
            OrchestrationRuntimeStatus.Pending => RetrainRuntimeStatus.Pending,
            OrchestrationRuntimeStatus.Completed => RetrainRuntimeStatus.Completed,
            OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated => RetrainRuntimeStatus.Failed,
            _ when IsTerminal(instance.RuntimeStatus) => RetrainRuntimeStatus.Failed,
            _ => RetrainRuntimeStatus.Running,
        };
        var progress = instance.SerializedCustomStatus is { } custom ? ReadProgress(custom) : null;
        return new RetrainRunStatus
        {
            Id = instance.InstanceId,
            Name = instance.Name,
            RuntimeStatus = status,
            Input = Element(instance.SerializedInput) ?? record?.Input,
            CustomStatus = progress ?? record?.CustomStatus,
            Output = status == RetrainRuntimeStatus.Completed ? Element(instance.SerializedOutput) : null,
            Failure = status == RetrainRuntimeStatus.Failed ? record?.Failure ?? Failure(instance, progress) : null,
            CreatedTime = record?.CreatedTime ?? instance.CreatedAt,
            StartedTime = record?.StartedTime ?? (status == RetrainRuntimeStatus.Pending ? null : instance.CreatedAt),
            LastUpdatedTime = instance.LastUpdatedAt,
        };
    }

    /// <summary>The failure as the task hub tells it, when the run did not record its own (it was terminated, or its record failed).</summary>
    private static RetrainRunFailure Failure(OrchestrationMetadata instance, RetrainProgress? progress)
    {
        var step = progress?.Step ?? instance.Name;
        if (instance.FailureDetails is not { } details)
        {
            return new RetrainRunFailure(step, instance.RuntimeStatus.ToString(), $"The run was {instance.RuntimeStatus.ToString().ToLowerInvariant()}.");
        }

        while (details.InnerFailure is { } inner)
        {
            details = inner;
        }

        return new RetrainRunFailure(step, details.ErrorType[(details.ErrorType.LastIndexOf('.') + 1)..], details.ErrorMessage);
    }

    private static bool IsTerminal(OrchestrationRuntimeStatus status) => status is OrchestrationRuntimeStatus.Completed
        or OrchestrationRuntimeStatus.Failed
        or OrchestrationRuntimeStatus.Terminated
#pragma warning disable CS0618 // Canceled is obsolete in the SDK but a backend may still report it.
        or OrchestrationRuntimeStatus.Canceled;
#pragma warning restore CS0618

    private static RetrainRunStatus Pending(string runId, RetrainRequest request, DateTimeOffset now) => new()
    {
        Id = runId,
        Name = RetrainOrchestration.Name,
        RuntimeStatus = RetrainRuntimeStatus.Pending,
        Input = JsonSerializer.SerializeToElement(request, RetrainJsonContext.Default.RetrainRequest),
        CreatedTime = now,
        LastUpdatedTime = now,
    };

    private static RetrainProgress? ReadProgress(string json) => JsonSerializer.Deserialize(json, RetrainJsonContext.Default.RetrainProgress);

    private static JsonElement? Element(string? json) => json is null ? null : JsonSerializer.Deserialize(json, RetrainRunsJsonContext.Default.JsonElement);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retrain run {RunId} started ({Trigger})")]
    private static partial void LogStarted(ILogger logger, string runId, string trigger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retrain run {RunId} is active; not starting another ({Trigger})")]
    private static partial void LogAlreadyActive(ILogger logger, string runId, string trigger);
}
