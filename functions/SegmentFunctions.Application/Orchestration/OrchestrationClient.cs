using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SegmentFunctions.Application.Ports;

namespace SegmentFunctions.Application.Orchestration;

/// <summary>
/// Starts runs and answers status queries (Durable's DurableTaskClient subset). Starts follow the singleton pattern:
/// while the latest run of a name is not terminal, starting that name again returns it instead of a new run.
/// </summary>
public sealed partial class OrchestrationClient(
    IBlobStore store,
    OrchestrationRegistry registry,
    IOptions<OrchestrationOptions> options,
    TimeProvider clock,
    ILogger<OrchestrationClient> logger)
{
    private const int MaxStartAttempts = 10;
    private readonly RunDocuments _documents = new(store, new RunLayout(options.Value.Container));

    /// <summary>
    /// Creates a Pending run of <paramref name="name"/> with <paramref name="input"/>, or returns the active run of
    /// that name. A worker then executes it (<see cref="OrchestrationWorker.RunAsync"/>).
    /// </summary>
    public async Task<OrchestrationStartResult> StartNewAsync(string name, object? input, CancellationToken cancellationToken)
    {
        if (registry.FindOrchestrator(name) is null)
        {
            throw new ArgumentException(
                $"No orchestrator named '{name}' is registered (registered: {string.Join(", ", registry.OrchestratorNames.Order())}).",
                nameof(name));
        }

        var inputJson = registry.Serializer.ToElement(input);
        var pointerPath = _documents.Layout.ActivePointer(name);
        for (var attempt = 0; attempt < MaxStartAttempts; attempt++)
        {
            var pointer = await _documents.ReadAsync(pointerPath, OrchestrationJsonContext.Default.ActiveRunPointer, cancellationToken);
            if (pointer is { Document.RunId: var activeId }
                && await _documents.ReadStatusAsync(activeId, cancellationToken) is { Document.IsTerminal: false })
            {
                LogAlreadyActive(logger, name, activeId);
                return new OrchestrationStartResult(activeId, Created: false);
            }

            // The status exists before the pointer names it, so a reader of the pointer always finds the run.
            var now = clock.GetUtcNow();
            var status = new OrchestrationStatus
            {
                Id = RunLayout.NewRunId(now),
                Name = name,
                RuntimeStatus = OrchestrationRuntimeStatus.Pending,
                Input = inputJson,
                CreatedTime = now,
                LastUpdatedTime = now,
            };
            await _documents.WriteStatusAsync(status, BlobCondition.IfNotExists, cancellationToken);
            try
            {
                await _documents.WriteAsync(
                    pointerPath,
                    new ActiveRunPointer(status.Id),
                    OrchestrationJsonContext.Default.ActiveRunPointer,
                    pointer is { ETag: var etag } ? BlobCondition.IfMatch(etag) : BlobCondition.IfNotExists,
                    cancellationToken);
                LogStarted(logger, name, status.Id);
                return new OrchestrationStartResult(status.Id, Created: true);
            }
            catch (BlobConditionFailedException)
            {
                // A concurrent start won the pointer: withdraw this run and look again.
                await store.DeleteAsync(_documents.Layout.Status(status.Id), cancellationToken);
            }
        }

        throw new StoreUnavailableException($"Could not start '{name}': the pointer {pointerPath} kept changing under {MaxStartAttempts} attempts.");
    }

    public async Task<OrchestrationStatus?> GetStatusAsync(string runId, CancellationToken cancellationToken) =>
        (await _documents.ReadStatusAsync(runId, cancellationToken))?.Document;

    /// <summary>Every run's status, newest first.</summary>
    public async Task<IReadOnlyList<OrchestrationStatus>> ListRunsAsync(CancellationToken cancellationToken)
    {
        var runs = new List<OrchestrationStatus>();
        await foreach (var blob in store.ListAsync(_documents.Layout.Root, cancellationToken))
        {
            if (_documents.Layout.RunIdOfStatus(blob.Path) is { } runId && await GetStatusAsync(runId, cancellationToken) is { } status)
            {
                runs.Add(status);
            }
        }

        return [.. runs.OrderByDescending(r => r.CreatedTime).ThenByDescending(r => r.Id, StringComparer.Ordinal)];
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Started run {RunId} of {OrchestrationName}")]
    private static partial void LogStarted(ILogger logger, string orchestrationName, string runId);

    [LoggerMessage(Level = LogLevel.Information, Message = "{OrchestrationName} already has an active run {RunId}; not starting another")]
    private static partial void LogAlreadyActive(ILogger logger, string orchestrationName, string runId);
}
