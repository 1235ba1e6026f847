using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using SegmentFunctions.Application.BatchScoring;
using SegmentFunctions.Application.Serving;
using SegmentFunctions.Scoring;
using SegmentFunctions.Serving;

namespace SegmentFunctions.Segments;

/// <summary>
/// Segments of the serving model (<c>GET /api/segments</c>) and audiences from its latest batch scores
/// (<c>GET /api/segments/{segmentId}/customers</c>, paged, JSON or CSV).
/// </summary>
public static class SegmentEndpoints
{
    public const string SegmentsRoute = "/api/segments";
    public const string AudienceRoute = "/api/segments/{segmentId}/customers";

    /// <summary>The response header carrying the next page's token in CSV answers.</summary>
    public const string ContinuationHeader = "X-Continuation-Token";

    public static IEndpointRouteBuilder MapSegments(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(SegmentsRoute, GetSegments)
            .WithName("Segments")
            .WithSummary("The serving model's segments: name, suggested action, size, share of revenue and profile.")
            .Produces<SegmentListResponse>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        endpoints.MapGet(AudienceRoute, GetAudienceAsync)
            .WithName("SegmentCustomers")
            .WithSummary("A segment's customers from the latest batch scores, most likely to churn first, paged.")
            .Produces<AudienceResponse>(StatusCodes.Status200OK)
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return endpoints;
    }

    private static IResult GetSegments(HttpContext context, [FromServices] ServingModelHolder models)
    {
        if (models.Current is not { } model)
        {
            return ServingProblems.NoModel(context);
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

        return Results.Json(new SegmentListResponse(model.Version, bundle.TrainedAt, bundle.AsOf, segments), ServingJsonContext.Default.SegmentListResponse);
    }

    private static async Task<IResult> GetAudienceAsync(
        string segmentId,
        string? minChurn,
        string? maxChurn,
        string? minClv,
        string? format,
        string? limit,
        string? continuationToken,
        HttpContext context,
        [FromServices] ServingModelHolder models,
        [FromServices] BatchScoreReader batchScores,
        CancellationToken cancellationToken)
    {
        if (!int.TryParse(segmentId, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var id))
        {
            return ServingProblems.BadQuery($"The segment id must be a whole number, not '{segmentId}'.");
        }

        var (query, problem) = AudienceQuery.Parse(minChurn, maxChurn, minClv, format, limit, continuationToken);
        if (query is null)
        {
            return ServingProblems.BadQuery(problem!);
        }

        if (models.Current is not { } model)
        {
            return ServingProblems.NoModel(context);
        }

        if (model.FindSegment(id) is not { } segment)
        {
            return ServingProblems.UnknownSegment(id, model.Version);
        }

        var scoresVersion = model.Bundle.Version;
        if (query.Cursor is { } cursor && !string.Equals(cursor.ScoresVersion, scoresVersion, StringComparison.Ordinal))
        {
            return ServingProblems.BadQuery("continuationToken belongs to batch scores of another model version; start again without it.");
        }

        if (await batchScores.ReadManifestAsync(scoresVersion, cancellationToken) is not { } manifest)
        {
            return ServingProblems.NoBatchScores(model.Version);
        }

        if (!manifest.Segments.Any(s => s.SegmentId == id))
        {
            return ServingProblems.UnknownSegment(id, model.Version);
        }

        var (members, next) = await ReadPageAsync(batchScores, scoresVersion, id, query, cancellationToken);
        var token = next is { } row ? new AudienceCursor(scoresVersion, row).ToToken() : null;
        if (query.Csv)
        {
            if (token is not null)
            {
                context.Response.Headers[ContinuationHeader] = token;
            }

            return Results.Text(AudienceCsv.Write(members), AudienceCsv.ContentType);
        }

        return Results.Json(
            new AudienceResponse(model.Version, id, segment.Name, manifest.AsOf, members, token),
            ServingJsonContext.Default.AudienceResponse);
    }

    /// <summary>
    /// Scans the segment file (sorted by churn descending) from the cursor: rows above maxChurn are skipped, the first
    /// row below minChurn ends the audience, rows under the CLV floor are skipped. Returns the page and the row the
    /// next page starts at, null when the audience is complete.
    /// </summary>
    private static async Task<(List<AudienceMember> Members, long? Next)> ReadPageAsync(
        BatchScoreReader batchScores, string version, int segmentId, AudienceQuery query, CancellationToken cancellationToken)
    {
        var members = new List<AudienceMember>(Math.Min(query.Limit, 256));
        var skip = query.Cursor?.Row ?? 0;
        long row = -1;
        await foreach (var record in batchScores.ReadSegmentAsync(version, segmentId, cancellationToken))
        {
            row++;
            if (row < skip || record.ChurnProbability > query.MaxChurn)
            {
                continue;
            }

            if (record.ChurnProbability < query.MinChurn)
            {
                return (members, null);
            }

            if (query.MinClv is { } floor && (record.Clv is not { } clv || clv < floor))
            {
                continue;
            }

            if (members.Count == query.Limit)
            {
                return (members, row);
            }

            members.Add(new AudienceMember(
                record.CustomerId, record.ChurnProbability, record.ChurnBand, record.ProbabilityAlive, record.ExpectedPurchases, record.Clv));
        }

        return (members, null);
    }
}
