using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SegmentFunctions.Application.BatchScoring;
using SegmentFunctions.Application.Serving;
using SegmentFunctions.OpenApi;
using SegmentFunctions.Scoring;
using SegmentFunctions.Serving;

namespace SegmentFunctions.Segments;

/// <summary>
/// <c>GET /api/segments/{segmentId}/customers</c>: a segment's audience from the serving model's latest batch scores,
/// most likely to churn first or by the expected value of a retention contact, filtered, paged, as JSON or CSV.
/// </summary>
public sealed class SegmentCustomersFunction(ServingModelHolder models, BatchScoreReader batchScores, SegmentAudience audiences)
{
    public const string Name = "SegmentCustomers";

    /// <summary>The response header carrying the next page's token in CSV answers.</summary>
    public const string ContinuationHeader = "X-Continuation-Token";

    [Function(Name)]
    [EndpointSummary("A segment's customers from the latest batch scores, most likely to churn first (or by expected value), filtered, paged.")]
    [QueryParameter("minChurn", "lowest churn probability, 0 to 1 (default 0)")]
    [QueryParameter("maxChurn", "highest churn probability, 0 to 1 (default 1)")]
    [QueryParameter("churnBand", "churn bands to keep, comma-separated: Low, Medium, High (default all)")]
    [QueryParameter("minClv", "lowest customer lifetime value")]
    [QueryParameter("maxClv", "highest customer lifetime value")]
    [QueryParameter("minPAlive", "lowest P(alive), 0 to 1 (default 0)")]
    [QueryParameter("maxPAlive", "highest P(alive), 0 to 1 (default 1)")]
    [QueryParameter("orderBy", "churn (the default: most likely to churn first) or expectedValue (P(churn) x CLV x saveRate - contactCost, highest first)")]
    [QueryParameter("saveRate", "expectedValue order: share of churners a contact keeps, 0 to 1 (default 0.1)")]
    [QueryParameter("contactCost", "expectedValue order: cost of one contact in the model's currency (default 0)")]
    [QueryParameter("format", "json (the default) or csv")]
    [QueryParameter("limit", "customers per page, 1 to 1000 (default 100)")]
    [QueryParameter("continuationToken", "the previous page's continuationToken (JSON) or X-Continuation-Token header (CSV)")]
    [ProducesResponseType<AudienceResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType(typeof(void), StatusCodes.Status200OK, "text/csv")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status503ServiceUnavailable, "application/problem+json")]
    public async Task<IResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "segments/{segmentId}/customers")] HttpRequest request,
        string segmentId,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var context = request.HttpContext;
        var q = request.Query;
        if (!int.TryParse(segmentId, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var id))
        {
            return ServingProblems.BadQuery($"The segment id must be a whole number, not '{segmentId}'.");
        }

        var (query, problem) = AudienceQuery.Parse(name => q[name].ToString());
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

        var page = await audiences.ReadPageAsync(scoresVersion, id, query, cancellationToken);
        var token = page.Next is { } row ? new AudienceCursor(scoresVersion, row).ToToken() : null;
        if (query.Csv)
        {
            if (token is not null)
            {
                context.Response.Headers[ContinuationHeader] = token;
            }

            return Results.Text(AudienceCsv.Write(page.Members), AudienceCsv.ContentType);
        }

        return Results.Json(
            new AudienceResponse(model.Version, id, segment.Name, manifest.AsOf, model.Bundle.Clv.Currency, query.OrderBy, page.ExpectedValue, page.WorthContacting, page.Members, token),
            ServingJsonContext.Default.AudienceResponse);
    }
}
