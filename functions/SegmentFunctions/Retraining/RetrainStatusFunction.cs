using Microsoft.AspNetCore.Mvc;
using Microsoft.DurableTask.Client;
using SegmentFunctions.Application.Retraining.Runs;
using SegmentFunctions.Hosting;

namespace SegmentFunctions.Retraining;

/// <summary>
/// <c>GET /api/retrain/{runId}</c> (function RetrainStatus, forwarded): the run's status document (runtimeStatus,
/// customStatus step and progress, output, failure). As with Durable's status API: 200 once the run is Completed or
/// Failed, 202 with <c>Location</c> and <c>Retry-After</c> while it is Pending or Running, 404 for an unknown run.
/// </summary>
public static class RetrainStatusFunction
{
    public const string FunctionName = "RetrainStatus";
    public const string Route = "/api/retrain/{runId}";

    public static string PathOf(string runId) => $"/api/retrain/{Uri.EscapeDataString(runId)}";

    public static IEndpointRouteBuilder MapRetrainStatus(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Route, GetAsync)
            .WithName(FunctionName)
            .Produces<RetrainRunStatus>(StatusCodes.Status200OK)
            .Produces<RetrainRunStatus>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return endpoints;
    }

    private static async Task<IResult> GetAsync(string runId, HttpContext context, [FromServices] RetrainRuns runs, [FromServices] DurableTaskClient client, CancellationToken cancellationToken)
    {
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
            RetrainStartFunction.SetPollingHeaders(context.Response, PublicUrl.For(context.Request, PathOf(runId)));
        }

        return Results.Json(status, RetrainRunsJsonContext.Default.RetrainRunStatus,
            statusCode: status.IsTerminal ? StatusCodes.Status200OK : StatusCodes.Status202Accepted);
    }
}
