using System.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using SegmentFunctions.Application.BatchScoring;
using SegmentFunctions.Application.Serving;
using SegmentFunctions.Application.Telemetry;
using SegmentFunctions.Hosting;
using SegmentFunctions.Serving;

namespace SegmentFunctions.Scoring;

/// <summary>
/// Customer scores: <c>GET /api/customers/{id}/scores</c> (live, or <c>?source=batch</c>) and
/// <c>POST /api/scores/batch</c>. Each request reads the serving model once, so all of its scores come from one version.
/// </summary>
public static class ScoringEndpoints
{
    public const string CustomerScoresRoute = "/api/customers/{id}/scores";
    public const string BatchRoute = "/api/scores/batch";

    public static IEndpointRouteBuilder MapScoring(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(CustomerScoresRoute, GetAsync)
            .WithName("CustomerScores")
            .WithSummary("A customer's segment, churn, expected purchases and CLV.")
            .Produces<CustomerScoreResponse>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        endpoints.MapPost(BatchRoute, PostBatchAsync)
            .WithName("ScoreBatch")
            .WithSummary($"Live scores of up to {ServingOptions.MaxBatchSize} customers, in request order.")
            .Accepts<BatchScoreRequest>("application/json")
            .Produces<BatchScoreResponse>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return endpoints;
    }

    private static async Task<IResult> GetAsync(
        string id,
        string? source,
        HttpContext context,
        [FromServices] ServingModelHolder models,
        [FromServices] CustomerScoringService scoring,
        [FromServices] BatchScoreReader batchScores,
        CancellationToken cancellationToken)
    {
        if (ServingProblems.MalformedCustomerId(id) is { } malformed)
        {
            return malformed;
        }

        var batch = source switch
        {
            null or "" or ScoreResponseMapper.Live => false,
            ScoreResponseMapper.Batch => true,
            _ => (bool?)null,
        };
        if (batch is null)
        {
            return ServingProblems.BadQuery($"source must be '{ScoreResponseMapper.Live}' or '{ScoreResponseMapper.Batch}', not '{source}'.");
        }

        if (models.Current is not { } model)
        {
            return ServingProblems.NoModel(context);
        }

        return batch.Value
            ? await GetBatchScoreAsync(id, model, batchScores, cancellationToken)
            : await GetLiveScoreAsync(id, model, scoring, cancellationToken);
    }

    private static async Task<IResult> GetLiveScoreAsync(string id, ServingModel model, CustomerScoringService scoring, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var outcome = await scoring.ScoreAsync(model, id, cancellationToken);
        if (outcome.Score is { } score)
        {
            var response = ScoreResponseMapper.FromLive(model, score);
            SegmentTelemetry.RecordScoring("single", "scored", Stopwatch.GetElapsedTime(started));
            return new SizedJsonResult<CustomerScoreResponse>(response, ServingJsonContext.Default.CustomerScoreResponse);
        }

        SegmentTelemetry.RecordScoring("single", outcome.IsUnknown ? "unknown" : "unscorable", Stopwatch.GetElapsedTime(started));
        return outcome.IsUnknown ? ServingProblems.UnknownCustomer(id) : ServingProblems.Unscorable(id, outcome.Problem!);
    }

    private static async Task<IResult> GetBatchScoreAsync(string id, ServingModel model, BatchScoreReader batchScores, CancellationToken cancellationToken)
    {
        var scoresVersion = model.Bundle.Version;
        if (await batchScores.ReadManifestAsync(scoresVersion, cancellationToken) is not { } manifest)
        {
            return ServingProblems.NoBatchScores(model.Version);
        }

        var record = await batchScores.FindAsync(scoresVersion, id, cancellationToken);
        return record is null
            ? ServingProblems.UnknownCustomer(id)
            : new SizedJsonResult<CustomerScoreResponse>(ScoreResponseMapper.FromBatch(model.Version, manifest, record), ServingJsonContext.Default.CustomerScoreResponse);
    }

    private static async Task<IResult> PostBatchAsync(
        HttpContext context,
        [FromServices] ServingModelHolder models,
        [FromServices] CustomerScoringService scoring,
        CancellationToken cancellationToken)
    {
        BatchScoreRequest? request;
        try
        {
            request = await context.Request.ReadFromJsonAsync(ServingJsonContext.Default.BatchScoreRequest, cancellationToken);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException)
        {
            return ServingProblems.BadBody("The body must be JSON like {\"customerIds\": [\"c1\", \"c2\"]}.");
        }

        if (request?.CustomerIds is not { Count: > 0 } ids)
        {
            return ServingProblems.BadBody("customerIds must list at least one customer id.");
        }

        if (ids.Count > ServingOptions.MaxBatchSize)
        {
            return ServingProblems.BadBody($"customerIds lists {ids.Count} ids; at most {ServingOptions.MaxBatchSize} are allowed per call.");
        }

        for (var i = 0; i < ids.Count; i++)
        {
            if (Features.CustomerIdRules.Problem(ids[i]) is { } problem)
            {
                return ServingProblems.BadBody($"customerIds[{i}]: {problem}");
            }
        }

        if (models.Current is not { } model)
        {
            return ServingProblems.NoModel(context);
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
