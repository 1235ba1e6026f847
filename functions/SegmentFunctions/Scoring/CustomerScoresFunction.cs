using System.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SegmentFunctions.Application.BatchScoring;
using SegmentFunctions.Application.Serving;
using SegmentFunctions.Application.Telemetry;
using SegmentFunctions.Hosting;
using SegmentFunctions.OpenApi;
using SegmentFunctions.Serving;

namespace SegmentFunctions.Scoring;

/// <summary>
/// <c>GET /api/customers/{id}/scores</c>: one customer's scores, live (current features, serving model) or, with
/// <c>?source=batch</c>, from the serving model's latest batch run. Reads the serving model once per request.
/// </summary>
public sealed class CustomerScoresFunction(ServingModelHolder models, CustomerScoringService scoring, BatchScoreReader batchScores)
{
    public const string Name = "CustomerScores";
    public const string SourceQuery = "source";

    [Function(Name)]
    [EndpointSummary("A customer's segment, churn, expected purchases and CLV.")]
    [QueryParameter(SourceQuery, "live (the default: current features, serving model) or batch (the serving model's latest batch scores)")]
    [ProducesResponseType<CustomerScoreResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status503ServiceUnavailable, "application/problem+json")]
    public async Task<IResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "customers/{id}/scores")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        if (ServingProblems.MalformedCustomerId(id) is { } malformed)
        {
            return malformed;
        }

        var source = request.Query[SourceQuery].ToString();
        var batch = source switch
        {
            "" or ScoreResponseMapper.Live => false,
            ScoreResponseMapper.Batch => true,
            _ => (bool?)null,
        };
        if (batch is null)
        {
            return ServingProblems.BadQuery($"source must be '{ScoreResponseMapper.Live}' or '{ScoreResponseMapper.Batch}', not '{source}'.");
        }

        if (models.Current is not { } model)
        {
            return ServingProblems.NoModel(request.HttpContext);
        }

        return batch.Value
            ? await GetBatchScoreAsync(id, model, cancellationToken)
            : await GetLiveScoreAsync(id, model, cancellationToken);
    }

    private async Task<IResult> GetLiveScoreAsync(string id, ServingModel model, CancellationToken cancellationToken)
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

    private async Task<IResult> GetBatchScoreAsync(string id, ServingModel model, CancellationToken cancellationToken)
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
}
