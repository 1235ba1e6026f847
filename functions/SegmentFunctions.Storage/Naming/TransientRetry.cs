using Microsoft.Extensions.Logging;
using SegmentFunctions.Application.Ports;

namespace SegmentFunctions.Storage.Naming;

/// <summary>
/// Bounded retry with exponential backoff and jitter for faults a store reports as transient; after the last attempt
/// the fault surfaces as <see cref="StoreUnavailableException"/> so the host replays the invocation.
/// </summary>
internal sealed class TransientRetry(int maxAttempts, TimeSpan baseDelay, ILogger logger)
{
    public async Task<T> ExecuteAsync<T>(
        string store,
        string operation,
        Func<CancellationToken, Task<T>> action,
        Func<Exception, bool> isTransient,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await action(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (isTransient(ex) && !cancellationToken.IsCancellationRequested)
            {
                if (attempt >= maxAttempts)
                {
                    throw new StoreUnavailableException(
                        $"{store} stayed unavailable for {operation} after {attempt} attempts: {ex.Message}", ex);
                }

                var delay = baseDelay * Math.Pow(2, attempt - 1) * (0.5 + Random.Shared.NextDouble());
                logger.LogWarning(ex, "{Store} {Operation} failed transiently (attempt {Attempt} of {MaxAttempts}); retrying in {DelayMs} ms",
                    store, operation, attempt, maxAttempts, (int)delay.TotalMilliseconds);
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
