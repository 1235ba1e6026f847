using Microsoft.DurableTask.Client;
using SegmentFunctions.Application.Retraining;
using SegmentFunctions.Application.Retraining.Runs;

namespace SegmentFunctions.Retraining;

/// <summary>
/// Starts a retraining run on the task hub of the handler's Durable Task client, or finds the active one (runs are
/// singletons, see <see cref="RetrainRuns"/>). The handler's Durable Task worker executes it.
/// </summary>
public sealed class RetrainStarter(RetrainRuns runs, DurableTaskClient client)
{
    public Task<RetrainStart> StartAsync(string trigger, CancellationToken cancellationToken) =>
        StartAsync(new RetrainRequest(trigger), cancellationToken);

    /// <summary>Starts a run with <paramref name="request"/>; an active run is returned as it is, whatever it was asked with.</summary>
    public Task<RetrainStart> StartAsync(RetrainRequest request, CancellationToken cancellationToken) =>
        runs.StartAsync(client, request, cancellationToken);
}
