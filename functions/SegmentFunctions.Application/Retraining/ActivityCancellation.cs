using Microsoft.Extensions.Hosting;

namespace SegmentFunctions.Application.Retraining;

/// <summary>
/// The token retraining activities run under: it ends when the host starts stopping (any generic host, the Functions
/// worker included) or when <see cref="Cancel"/> is called (a host without a lifetime, such as the CLI's). An
/// activity cut short this way fails its work item, and Durable Task delivers it again when the worker is back.
/// </summary>
public sealed class ActivityCancellation : IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenRegistration _registration;

    public ActivityCancellation(IHostApplicationLifetime? lifetime = null)
    {
        if (lifetime is not null)
        {
            _registration = lifetime.ApplicationStopping.Register(Cancel);
        }
    }

    public CancellationToken Token => _stopping.Token;

    public void Cancel()
    {
        try
        {
            _stopping.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already disposed with its container: nothing runs under it any more.
        }
    }

    public void Dispose()
    {
        _registration.Dispose();
        _stopping.Dispose();
    }
}
