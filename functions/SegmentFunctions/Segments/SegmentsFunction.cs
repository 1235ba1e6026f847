using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SegmentFunctions.Application.BatchScoring;
using SegmentFunctions.Application.Serving;
using SegmentFunctions.Scoring;
using SegmentFunctions.Serving;

namespace SegmentFunctions.Segments;

/// <summary><c>GET /api/segments</c>: the serving model's segments.</summary>
public sealed class SegmentsFunction(ServingModelHolder models, BatchScoreReader batchScores)
{
    public const string Name = "Segments";

    [Function(Name)]
    [EndpointSummary("The serving model's segments (name, suggested action, size, share of revenue, profile), its churn model's grade, customers scored and segment flows.")]
    [ProducesResponseType<SegmentListResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status503ServiceUnavailable, "application/problem+json")]
    public async Task<IResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "segments")] HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (models.Current is not { } model)
        {
            return ServingProblems.NoModel(request.HttpContext);
        }

        var bundle = model.Bundle;
        var segments = new SegmentSummary[bundle.Segments.Count];
        for (var k = 0; k < segments.Length; k++)
        {
            var s = bundle.Segments[k];
            var profile = new Dictionary<string, double?>(bundle.SegmentationColumns.Count, StringComparer.Ordinal);
            for (var j = 0; j < bundle.SegmentationColumns.Count && j < s.ProfileMeans.Count; j++)
            {
                profile[bundle.SegmentationColumns[j]] = double.IsFinite(s.ProfileMeans[j]) ? s.ProfileMeans[j] : null;
            }

            segments[k] = new SegmentSummary(s.Id, s.Name, s.Action, s.Rule, s.Size, s.CustomerShare, s.RevenueShare, profile);
        }

        var manifest = await batchScores.ReadManifestAsync(bundle.Version, cancellationToken);
        var flows = manifest is null ? null : await batchScores.ReadFlowsAsync(bundle.Version, cancellationToken);
        return Results.Json(
            new SegmentListResponse(model.Version, bundle.TrainedAt, bundle.AsOf, segments, ChurnModelQuality.From(bundle.Metrics), manifest?.RowCount, flows),
            ServingJsonContext.Default.SegmentListResponse);
    }
}
