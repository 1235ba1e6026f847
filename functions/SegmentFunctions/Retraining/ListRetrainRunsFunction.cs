using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using SegmentFunctions.Application.Retraining.Runs;
using SegmentFunctions.OpenApi;
using SegmentFunctions.Serving;

namespace SegmentFunctions.Retraining;

/// <summary><c>GET /api/retrain</c>: the latest retraining runs, newest first, with their status, step, result or failure.</summary>
public sealed class ListRetrainRunsFunction(RetrainRuns runs)
{
    public const string Name = "ListRetrainRuns";
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    [Function(Name)]
    [EndpointSummary("The latest retraining runs, newest first, each with its status, step, progress, result or failure.")]
    [QueryParameter("limit", "runs to list, 1 to 100 (default 20)")]
    [ProducesResponseType<RetrainRunList>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    public async Task<IResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "retrain")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var limit = DefaultLimit;
        var text = request.Query["limit"].ToString();
        if (text.Length > 0 && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
        {
            return ServingProblems.BadQuery($"limit must be a whole number from 1 to {MaxLimit}, not '{text}'.");
        }

        var all = await runs.ListAsync(client, cancellationToken);
        return Results.Json(new RetrainRunList([.. all.Take(limit)]), RetrainRunListJsonContext.Default.RetrainRunList);
    }
}
