using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using SegmentFunctions.Application.Retraining.Runs;

namespace SegmentFunctions.Retraining;

/// <summary>
/// <c>GET /api/retrain/{runId}</c>: the run's status from the task hub (or its record once the hub forgot it):
/// runtimeStatus, customStatus step and progress, output, failure. As with Durable's status API: 200 once the run is
/// Completed or Failed, 202 with <c>Location</c> and <c>Retry-After</c> while it is Pending or Running, 404 for an
/// unknown run.
/// </summary>
public sealed class RetrainStatusFunction(RetrainRuns runs, RetrainStatusUrl statusUrls)
{
    public const string Name = "RetrainStatus";

    [Function(Name)]
    [EndpointSummary("A retraining run's status, step, progress, result or failure.")]
    [ProducesResponseType<RetrainRunStatus>(StatusCodes.Status200OK)]
    [ProducesResponseType<RetrainRunStatus>(StatusCodes.Status202Accepted)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "retrain/{runId}")] HttpRequest request,
        string runId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!RetrainRunIds.IsValid(runId))
        {
            return Results.Problem(
                title: "Malformed run id.",
                detail: "A run id looks like 20261122T030000000Z-1a2b3c4d5e6f (UTC time, then 12 hex digits).",
                statusCode: StatusCodes.Status400BadRequest);
        }

        if (await runs.GetStatusAsync(client, runId, cancellationToken) is not { } status)
        {
            return Results.Problem(title: "Unknown run.", detail: $"There is no retrain run '{runId}'.", statusCode: StatusCodes.Status404NotFound);
        }

        if (!status.IsTerminal)
        {
            RetrainPolling.SetHeaders(request.HttpContext.Response, statusUrls.For(runId));
        }

        return Results.Json(status, RetrainRunsJsonContext.Default.RetrainRunStatus,
            statusCode: status.IsTerminal ? StatusCodes.Status200OK : StatusCodes.Status202Accepted);
    }
}
