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
/// most likely to churn first, paged, as JSON or CSV.
/// </summary>
public sealed class SegmentCustomersFunction(ServingModelHolder models, BatchScoreReader batchScores)
{
    public const string Name = "SegmentCustomers";

    /// <summary>The response header carrying the next page's token in CSV answers.</summary>
    public const string ContinuationHeader = "X-Continuation-Token";

    [Function(Name)]
    [EndpointSummary("A segment's customers from the latest batch scores, most likely to churn first, paged.")]
    [QueryParameter("minChurn", "lowest churn probability, 0 to 1 (default 0)")]
    [QueryParameter("maxChurn", "highest churn probability, 0 to 1 (default 1)")]
    [QueryParameter("minClv", "lowest customer lifetime value")]
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

        var (query, problem) = AudienceQuery.Parse(
            q["minChurn"].ToString(), q["maxChurn"].ToString(), q["minClv"].ToString(), q["format"].ToString(), q["limit"].ToString(), q["continuationToken"].ToString());
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

        var (members, next) = await ReadPageAsync(scoresVersion, id, query, cancellationToken);
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
    private async Task<(List<AudienceMember> Members, long? Next)> ReadPageAsync(
        string version, int segmentId, AudienceQuery query, CancellationToken cancellationToken)
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
