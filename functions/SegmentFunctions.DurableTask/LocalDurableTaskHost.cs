using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker.Hosting;
using Microsoft.Extensions.Hosting;
using SegmentFunctions.Application.Retraining;

namespace SegmentFunctions.DurableTask;

/// <summary>
/// Runs the local Durable Task sidecar and worker for a container that has no generic host (the CLI): in a generic
/// host they are hosted services and start with it, so do not start them here too. <see cref="StartClientAsync"/>
/// starts only the sidecar, enough to query and start runs; <see cref="StartAsync"/> also the worker, which executes
/// them (and, on Azure Storage, resumes those a crashed process left).
/// </summary>
public sealed class LocalDurableTaskHost(
    LocalDurableTaskSidecar sidecar,
    IEnumerable<IHostedService> hostedServices,
    ActivityCancellation activities,
    DurableTaskClient client) : IAsyncDisposable
{
    // Sidecar and worker come in through the constructor, so the container creates them first and disposes them
    // after this host has stopped them in order.
    private readonly DurableTaskWorker[] _workers = [.. hostedServices.OfType<DurableTaskWorker>()];
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly List<IHostedService> _started = [];
    private bool _workerStarted;

    /// <summary>The client of the task hub this host serves.</summary>
    public DurableTaskClient Client { get; } = client;

    /// <summary>Starts the sidecar (once).</summary>
    public async Task StartClientAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await StartSidecarAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Starts the sidecar and the worker (once).</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await StartSidecarAsync(cancellationToken);
            if (!_workerStarted)
            {
                foreach (var worker in _workers)
                {
                    await worker.StartAsync(cancellationToken);
                    _started.Add(worker);
                }

                _workerStarted = true;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Cancels running activities, then stops the worker and the sidecar.</summary>
    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync();
        try
        {
            activities.Cancel();
            for (var i = _started.Count - 1; i >= 0; i--)
            {
                await _started[i].StopAsync(CancellationToken.None);
            }

            _started.Clear();
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task StartSidecarAsync(CancellationToken cancellationToken)
    {
        if (!_started.Contains(sidecar))
        {
            await sidecar.StartAsync(cancellationToken);
            _started.Add(sidecar);
        }
    }
}
