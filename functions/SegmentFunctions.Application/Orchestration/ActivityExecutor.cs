using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SegmentFunctions.Application.Telemetry;

namespace SegmentFunctions.Application.Orchestration;

/// <summary>
/// Executes one activity call for real, in its own DI scope, retrying transient failures with backoff on the
/// <see cref="TimeProvider"/>, and journals the outcome: the result, or the permanent failure. Only engine failures
/// (journal writes, cancellation) escape as exceptions.
/// </summary>
internal sealed partial class ActivityExecutor(
    string runId,
    OrchestrationRegistry registry,
    IServiceScopeFactory scopes,
    OrchestrationJournal journal,
    OrchestrationOptions options,
    TimeProvider clock,
    ILogger logger)
{
    public async Task<ActivityRecord> ExecuteAsync(
        int sequence, string name, JsonElement input, string inputHash, ActivityOptions? callOptions, CancellationToken cancellationToken)
    {
        var policy = callOptions?.Retry ?? options.Retry;
        policy.Validate();
        var isTransient = callOptions?.IsTransient ?? TransientFailures.IsTransient;
        var started = clock.GetUtcNow();
        JsonElement? result = null;
        ActivityFailure? failure = null;
        var attempt = 0;

        if (registry.FindActivity(name) is not { } activity)
        {
            failure = new ActivityFailure(
                "ActivityNotRegistered",
                $"No activity named '{name}' is registered (registered: {string.Join(", ", registry.ActivityNames.Order())}).");
        }
        else
        {
            while (true)
            {
                attempt++;
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    result = await activity.InvokeAsync(scope.ServiceProvider, input, new ActivityContext(runId, name, sequence, attempt), cancellationToken);
                    break;
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    throw;
                }
                catch (Exception ex) when (isTransient(ex) && attempt < policy.MaxNumberOfAttempts)
                {
                    var delay = policy.DelayBeforeRetry(attempt);
                    LogRetrying(logger, ex, runId, name, sequence, attempt, delay);
                    await Task.Delay(delay, clock, cancellationToken);
                }
                catch (Exception ex)
                {
                    var after = attempt > 1 ? $" (attempt {attempt} of {policy.MaxNumberOfAttempts})" : "";
                    failure = new ActivityFailure(ex.GetType().Name, ex.Message + after);
                    LogFailed(logger, ex, runId, name, sequence, attempt);
                    break;
                }
            }
        }

        var completed = clock.GetUtcNow();
        SegmentTelemetry.RecordActivity(name, failure is null, completed - started);
        return await journal.AppendAsync(
            new ActivityRecord
            {
                Sequence = sequence,
                Name = name,
                InputHash = inputHash,
                Result = result,
                Failure = failure,
                StartedTime = started,
                CompletedTime = completed,
                Attempts = attempt,
            },
            cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Run {RunId}: activity {ActivityName} (call {Sequence}) attempt {Attempt} failed transiently; retrying in {Delay}")]
    private static partial void LogRetrying(ILogger logger, Exception exception, string runId, string activityName, int sequence, int attempt, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Error,
        Message = "Run {RunId}: activity {ActivityName} (call {Sequence}) failed permanently after {Attempts} attempts")]
    private static partial void LogFailed(ILogger logger, Exception exception, string runId, string activityName, int sequence, int attempts);
}
