using System.Text.Json;

namespace SegmentFunctions.Application.Orchestration;

/// <summary>
/// The replaying context of one execution of a run. Calls take sequence numbers in the order they are made; a call
/// whose number is journaled returns the journaled outcome, the first one that is not executes the activity. A failure
/// of the engine itself (journal write, lost lease, cancellation) aborts the execution and leaves the run resumable.
/// </summary>
internal sealed class OrchestrationContext : IOrchestrationContext
{
    private readonly IReadOnlyDictionary<int, ActivityRecord> _history;
    private readonly int _lastRecorded;
    private readonly OrchestrationJournal _journal;
    private readonly ActivityExecutor _executor;
    private readonly RunStatusTracker _status;
    private readonly OrchestrationSerializer _serializer;
    private readonly CancellationTokenSource _run;
    private int _calls;
    private Exception? _abortedBy;
    private NonDeterministicOrchestrationException? _nonDeterminism;

    public OrchestrationContext(
        string instanceId,
        DateTimeOffset currentUtcDateTime,
        IReadOnlyDictionary<int, ActivityRecord> history,
        OrchestrationJournal journal,
        ActivityExecutor executor,
        RunStatusTracker status,
        OrchestrationSerializer serializer,
        CancellationTokenSource run)
    {
        InstanceId = instanceId;
        CurrentUtcDateTime = currentUtcDateTime;
        _history = history;
        _lastRecorded = history.Count == 0 ? 0 : history.Keys.Max();
        _journal = journal;
        _executor = executor;
        _status = status;
        _serializer = serializer;
        _run = run;
    }

    public string InstanceId { get; }

    public DateTimeOffset CurrentUtcDateTime { get; }

    public bool IsReplaying => Volatile.Read(ref _calls) < _lastRecorded;

    public Exception? AbortedBy => Volatile.Read(ref _abortedBy);

    public NonDeterministicOrchestrationException? NonDeterminism => Volatile.Read(ref _nonDeterminism);

    public Task<TResult> CallActivityAsync<TResult>(string name, object? input, ActivityOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var sequence = Interlocked.Increment(ref _calls);
        return CallAsync<TResult>(sequence, name, _serializer.ToElement(input), options);
    }

    public void SetCustomStatus(string step, double progress) => _status.SetCustomStatus(step, progress);

    /// <summary>After the orchestrator returned: journaled calls it did not make again mean it took another path.</summary>
    public NonDeterministicOrchestrationException? FindUnreplayedHistory()
    {
        var calls = Volatile.Read(ref _calls);
        return calls >= _lastRecorded
            ? null
            : new NonDeterministicOrchestrationException(
                _history[_lastRecorded].Name,
                $"Run '{InstanceId}' is not deterministic: the orchestrator returned after {calls} activity calls, but the journal " +
                $"records {_lastRecorded} (the last one '{_history[_lastRecorded].Name}').");
    }

    private async Task<TResult> CallAsync<TResult>(int sequence, string name, JsonElement input, ActivityOptions? options)
    {
        var inputHash = OrchestrationSerializer.Hash(input);
        var record = _history.TryGetValue(sequence, out var recorded)
            ? Replay(recorded, name, inputHash)
            : await ExecuteAsync(sequence, name, input, inputHash, options);

        if (record.Failure is { } failure)
        {
            throw new ActivityFailedException(record.Name, record.Sequence, failure);
        }

        JsonElement result;
        try
        {
            result = await _journal.ReadResultAsync(record, _run.Token);
        }
        catch (Exception ex)
        {
            Abort(ex);
            throw;
        }

        return _serializer.FromElement<TResult>(result, $"'{name}' result");
    }

    private ActivityRecord Replay(ActivityRecord recorded, string name, string inputHash)
    {
        var mismatch = recorded.Name != name
            ? $"call {recorded.Sequence} is '{name}' but the journal recorded '{recorded.Name}'"
            : recorded.InputHash != inputHash
                ? $"call {recorded.Sequence} ('{name}') has another input than the journaled one"
                : null;
        if (mismatch is null)
        {
            return recorded;
        }

        var error = new NonDeterministicOrchestrationException(
            name,
            $"Run '{InstanceId}' is not deterministic: {mismatch}. An orchestrator must make the same calls with the same " +
            "inputs in the same order on every replay (no clocks, random numbers or I/O outside activities).");
        Interlocked.CompareExchange(ref _nonDeterminism, error, null);
        _run.Cancel();
        throw error;
    }

    private async Task<ActivityRecord> ExecuteAsync(int sequence, string name, JsonElement input, string inputHash, ActivityOptions? options)
    {
        try
        {
            _run.Token.ThrowIfCancellationRequested();
            await _status.CheckpointAsync(_run.Token);
            var record = await _executor.ExecuteAsync(sequence, name, input, inputHash, options, _run.Token);
            await _status.CheckpointAsync(_run.Token);
            return record;
        }
        catch (Exception ex)
        {
            Abort(ex);
            throw;
        }
    }

    private void Abort(Exception cause)
    {
        if (Interlocked.CompareExchange(ref _abortedBy, cause, null) is null)
        {
            _run.Cancel();
        }
    }
}
