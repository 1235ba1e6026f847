using System.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SegmentFunctions.Application.Serving;
using SegmentFunctions.Application.Telemetry;
using SegmentFunctions.Domain.Events;
using SegmentFunctions.Serving;

namespace SegmentFunctions.Scoring;

/// <summary><c>POST /api/scores/batch</c>: live scores of several customers in request order, all from one model version.</summary>
public sealed class ScoreBatchFunction(ServingModelHolder models, CustomerScoringService scoring)
{
    public const string Name = "ScoreBatch";

    [Function(Name)]
    [EndpointSummary("Live scores of up to 1000 customers, in request order.")]
    [Consumes(typeof(BatchScoreRequest), "application/json")]
    [ProducesResponseType<BatchScoreResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status503ServiceUnavailable, "application/problem+json")]
    public async Task<IResult> PostAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "scores/batch")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        BatchScoreRequest? body;
        try
        {
            body = await request.ReadFromJsonAsync(ServingJsonContext.Default.BatchScoreRequest, cancellationToken);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException)
        {
            return ServingProblems.BadBody("The body must be JSON like {\"customerIds\": [\"c1\", \"c2\"]}.");
        }

        if (body?.CustomerIds is not { Count: > 0 } ids)
        {
            return ServingProblems.BadBody("customerIds must list at least one customer id.");
        }

        if (ids.Count > ServingOptions.MaxBatchSize)
        {
            return ServingProblems.BadBody($"customerIds lists {ids.Count} ids; at most {ServingOptions.MaxBatchSize} are allowed per call.");
        }

        for (var i = 0; i < ids.Count; i++)
        {
            if (CustomerIdRule.Problem(ids[i]) is { } problem)
            {
                return ServingProblems.BadBody($"customerIds[{i}]: {problem}");
            }
        }

        if (models.Current is not { } model)
        {
            return ServingProblems.NoModel(request.HttpContext);
        }

        var started = Stopwatch.GetTimestamp();
        var outcomes = await scoring.ScoreManyAsync(model, ids, cancellationToken);
        var items = new BatchScoreItem[outcomes.Length];
        int scored = 0, unknown = 0;
        for (var i = 0; i < outcomes.Length; i++)
        {
            var outcome = outcomes[i];
            if (outcome.Score is { } score)
            {
                scored++;
                items[i] = new BatchScoreItem(ids[i], "scored", ScoreResponseMapper.FromLive(model, score), null);
            }
            else if (outcome.IsUnknown)
            {
                unknown++;
                items[i] = new BatchScoreItem(ids[i], "unknown", null, null);
            }
            else
            {
                items[i] = new BatchScoreItem(ids[i], "unscorable", null, outcome.Problem);
            }
        }

        SegmentTelemetry.RecordScoring("batch", "scored", Stopwatch.GetElapsedTime(started));
        return Results.Json(new BatchScoreResponse(model.Version, scored, unknown, items), ServingJsonContext.Default.BatchScoreResponse);
    }
}
