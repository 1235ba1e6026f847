using System.Runtime.ExceptionServices;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SegmentFunctions.Application.Ports;

namespace SegmentFunctions.Application.Orchestration;

/// <summary>
/// Executes runs: under the orchestration's singleton lease, it replays the orchestrator from the start against the
/// journal and executes the calls that have no journaled outcome. Call <see cref="RunAsync"/> for a run id from a
/// queue message, a timer or the CLI; calling it again after a crash resumes the run.
/// </summary>
public sealed partial class OrchestrationWorker(
    IBlobStore store,
    OrchestrationRegistry registry,
    OrchestrationClient client,
    IServiceScopeFactory scopes,
    IOptions<OrchestrationOptions> options,
    TimeProvider clock,
    ILogger<OrchestrationWorker> logger)
{
    private readonly RunDocuments _documents = new(store, new RunLayout(options.Value.Container));

    /// <summary>Starts a run of <paramref name="name"/> (or finds the active one) and runs it here.</summary>
    public async Task<OrchestrationStatus> StartOrResumeAsync(string name, object? input, CancellationToken cancellationToken)
    {
        var start = await client.StartNewAsync(name, input, cancellationToken);
        return await RunAsync(start.RunId, cancellationToken);
    }

    /// <summary>
    /// Runs or resumes <paramref name="runId"/> to a terminal status and returns it. Returns the status unchanged when
    /// the run is already terminal, or still non-terminal when another worker holds the singleton lease (try later).
    /// Throws, leaving the run resumable, when the engine itself fails: the journal or status store, a lost lease,
    /// or cancellation.
    /// </summary>
    public async Task<OrchestrationStatus> RunAsync(string runId, CancellationToken cancellationToken)
    {
        var status = await ReadStatusAsync(runId, cancellationToken);
        if (status.Document.IsTerminal)
        {
            return status.Document;
        }

        var settings = options.Value;
        settings.Retry.Validate();
        await using var lease = await SingletonLease.TryAcquireAsync(
            store, _documents.Layout.Lock(status.Document.Name), settings.LeaseDuration, clock, logger, cancellationToken);
        if (lease is null)
        {
            LogBusy(logger, runId, status.Document.Name);
            return status.Document;
        }

        // Read again under the lease: the previous holder may have finished the run meanwhile.
        status = await ReadStatusAsync(runId, cancellationToken);
        if (status.Document.IsTerminal)
        {
            return status.Document;
        }

        using var run = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lease.Lost);
        return await ExecuteAsync(status.Document, status.ETag, settings, lease, run, cancellationToken);
    }

    private async Task<OrchestrationStatus> ExecuteAsync(
        OrchestrationStatus initial,
        string etag,
        OrchestrationOptions settings,
        SingletonLease lease,
        CancellationTokenSource run,
        CancellationToken cancellationToken)
    {
        var runId = initial.Id;
        var tracker = new RunStatusTracker(_documents, initial, etag, clock);
        await tracker.UpdateAsync(
            s => s with { RuntimeStatus = OrchestrationRuntimeStatus.Running, StartedTime = s.StartedTime ?? clock.GetUtcNow() },
            run.Token);

        if (registry.FindOrchestrator(initial.Name) is not { } orchestrator)
        {
            var message = $"No orchestrator named '{initial.Name}' is registered in this worker " +
                          $"(registered: {string.Join(", ", registry.OrchestratorNames.Order())}).";
            return await FailAsync(tracker, new OrchestrationFailureDetails(initial.Name, "OrchestratorNotRegistered", message), cancellationToken);
        }

        var journal = new OrchestrationJournal(_documents, runId, settings.LargeResultThresholdBytes);
        var history = await journal.LoadAsync(run.Token);
        LogExecuting(logger, runId, initial.Name, history.Count);

        var context = new OrchestrationContext(
            runId,
            tracker.Current.StartedTime!.Value,
            history,
            journal,
            new ActivityExecutor(runId, registry, scopes, journal, settings, clock, logger),
            tracker,
            registry.Serializer,
            run);

        JsonElement output = default;
        Exception? error = null;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            output = await orchestrator.InvokeAsync(scope.ServiceProvider, context, initial.Input ?? OrchestrationSerializer.NullElement);
        }
        catch (Exception ex)
        {
            error = ex;
        }

        if (lease.LostBecause is { } lost)
        {
            LogAborted(logger, lost, runId);
            ExceptionDispatchInfo.Capture(lost).Throw();
        }

        var nonDeterminism = context.NonDeterminism ?? (error is null ? context.FindUnreplayedHistory() : null);
        if (nonDeterminism is not null)
        {
            return await FailAsync(tracker, new OrchestrationFailureDetails(nonDeterminism.Step, nameof(NonDeterministicOrchestrationException), nonDeterminism.Message), cancellationToken);
        }

        if (context.AbortedBy is { } abort)
        {
            LogAborted(logger, abort, runId);
            ExceptionDispatchInfo.Capture(abort).Throw();
        }

        if (error is not null)
        {
            var step = (error as ActivityFailedException)?.ActivityName ?? tracker.CurrentStep ?? initial.Name;
            var type = (error as ActivityFailedException)?.Failure.ErrorType ?? error.GetType().Name;
            return await FailAsync(tracker, new OrchestrationFailureDetails(step, type, error.Message), cancellationToken);
        }

        await tracker.UpdateAsync(s => s with { RuntimeStatus = OrchestrationRuntimeStatus.Completed, Output = output }, cancellationToken);
        LogCompleted(logger, runId, initial.Name, history.Count);
        return tracker.Current;
    }

    private async Task<OrchestrationStatus> FailAsync(RunStatusTracker tracker, OrchestrationFailureDetails failure, CancellationToken cancellationToken)
    {
        await tracker.UpdateAsync(s => s with { RuntimeStatus = OrchestrationRuntimeStatus.Failed, Failure = failure }, cancellationToken);
        LogFailed(logger, tracker.Current.Id, failure.Step, failure.Message);
        return tracker.Current;
    }

    private async Task<(OrchestrationStatus Document, string ETag)> ReadStatusAsync(string runId, CancellationToken cancellationToken) =>
        await _documents.ReadStatusAsync(runId, cancellationToken)
        ?? throw new OrchestrationNotFoundException($"There is no run '{runId}' (no {_documents.Layout.Status(runId)}).");

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Run {RunId}: another worker holds the singleton lease of {OrchestrationName}; leaving the run to it")]
    private static partial void LogBusy(ILogger logger, string runId, string orchestrationName);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId}: executing {OrchestrationName} with {JournaledCalls} journaled calls")]
    private static partial void LogExecuting(ILogger logger, string runId, string orchestrationName, int journaledCalls);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId}: {OrchestrationName} completed ({ReplayedCalls} calls replayed)")]
    private static partial void LogCompleted(ILogger logger, string runId, string orchestrationName, int replayedCalls);

    [LoggerMessage(Level = LogLevel.Error, Message = "Run {RunId} failed at step {Step}: {Error}")]
    private static partial void LogFailed(ILogger logger, string runId, string step, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId}: execution aborted; the run stays resumable")]
    private static partial void LogAborted(ILogger logger, Exception exception, string runId);
}
