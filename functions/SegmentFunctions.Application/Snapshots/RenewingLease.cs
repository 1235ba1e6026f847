using Microsoft.Extensions.Logging;
using SegmentFunctions.Application.Ports;

namespace SegmentFunctions.Application.Snapshots;

/// <summary>
/// A blob lease that makes one writer at a time work on a resource (a snapshot id). It renews itself every third of
/// its duration; when renewal finds it lost, <see cref="Lost"/> is cancelled so the work stops before another writer
/// takes over.
/// </summary>
internal sealed partial class RenewingLease : IAsyncDisposable
{
    private readonly IBlobLease _lease;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _lost = new();
    private readonly Task _renewals;

    private RenewingLease(IBlobLease lease, TimeSpan duration, TimeProvider clock, ILogger logger)
    {
        _lease = lease;
        _clock = clock;
        _logger = logger;
        _renewals = RenewAsync(duration / 3);
    }

    /// <summary>Cancelled when the lease was lost; the exception is in <see cref="LostBecause"/>.</summary>
    public CancellationToken Lost => _lost.Token;

    public Exception? LostBecause { get; private set; }

    public static async Task<RenewingLease?> TryAcquireAsync(
        IBlobStore store, string path, TimeSpan duration, TimeProvider clock, ILogger logger, CancellationToken cancellationToken)
    {
        var lease = await store.TryAcquireLeaseAsync(path, duration, cancellationToken);
        return lease is null ? null : new RenewingLease(lease, duration, clock, logger);
    }

    private async Task RenewAsync(TimeSpan interval)
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, _clock, _stop.Token);
                await _lease.RenewAsync(_stop.Token);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (LeaseLostException ex)
            {
                LostBecause = ex;
                LogLeaseLost(_logger, ex, _lease.Path);
                await _lost.CancelAsync();
                return;
            }
            catch (Exception ex)
            {
                // A store hiccup: keep trying; if it lasts past the lease's expiry the next renewal reports it lost.
                LogRenewalFailed(_logger, ex, _lease.Path);
            }
        }
    }

    /// <summary>Stops renewing and releases the lease; a failed release only delays the next writer until expiry.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _renewals;
        try
        {
            await _lease.ReleaseAsync(CancellationToken.None);
        }
        catch (Exception ex)
        {
            LogReleaseFailed(_logger, ex, _lease.Path);
        }

        _stop.Dispose();
        _lost.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Lease {LeasePath} was lost; stopping the work")]
    private static partial void LogLeaseLost(ILogger logger, Exception exception, string leasePath);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewing lease {LeasePath} failed; retrying")]
    private static partial void LogRenewalFailed(ILogger logger, Exception exception, string leasePath);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Releasing lease {LeasePath} failed; it expires on its own")]
    private static partial void LogReleaseFailed(ILogger logger, Exception exception, string leasePath);
}
