using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Net.Http.Headers;
using SegmentFunctions.Application.Registry;
using SegmentFunctions.OpenApi;

namespace SegmentFunctions.Models;

/// <summary>
/// <c>POST /api/models/{version}/promote</c> (function PromoteModel): makes a published version the serving one;
/// promoting an older version is the rollback. The stored bundle must load first. With <c>If-Match</c> (the ETag of
/// GET /api/models/current), the promotion only happens if the serving model is still the one the caller saw.
/// 400 malformed version, 404 unknown version, 409 the serving model changed concurrently, 422 the bundle fails to load.
/// </summary>
public sealed class PromoteModelFunction(ModelRegistry registry)
{
    public const string Name = "PromoteModel";
    public const string ReasonQuery = "reason";

    [Function(Name)]
    [EndpointSummary("Makes a published model version the serving one (promoting an older version is the rollback).")]
    [QueryParameter(ReasonQuery, "why, recorded with the promotion")]
    [ProducesResponseType<CurrentModelView>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public async Task<IResult> PostAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "models/{version}/promote")] HttpRequest request,
        string version,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var reason = request.Query[ReasonQuery].ToString();
        if (!ModelVersionId.IsValid(version))
        {
            return Results.Problem(
                title: "Malformed model version.",
                detail: "A model version looks like v20261122-153000-abc123 (UTC date and time, then 1-32 lowercase letters or digits).",
                statusCode: StatusCodes.Status400BadRequest);
        }

        try
        {
            var pointer = await registry.PromoteAsync(
                version,
                string.IsNullOrWhiteSpace(reason) ? "promoted through POST /api/models/{version}/promote" : reason,
                ExpectedETag(request),
                cancellationToken);
            return await CurrentModelAnswer.CreateAsync(request.HttpContext.Response, registry, pointer, cancellationToken);
        }
        catch (ModelVersionNotFoundException)
        {
            return Results.Problem(title: "Unknown model version.", detail: $"Model version '{version}' is not published.", statusCode: StatusCodes.Status404NotFound);
        }
        catch (ModelPromotionConflictException ex)
        {
            return Results.Problem(
                title: "The serving model changed.",
                detail: ex.Current is { } now
                    ? $"'{now.Model.Version}' serves now (promoted at {now.Model.PromotedAt:O}: {now.Model.Reason}); read GET /api/models/current and decide again."
                    : "No model serves now; read GET /api/models/current and decide again.",
                statusCode: StatusCodes.Status409Conflict);
        }
        catch (ModelBundleInvalidException ex)
        {
            return Results.Problem(title: "The model bundle cannot be served.", detail: ex.Message, statusCode: StatusCodes.Status422UnprocessableEntity);
        }
    }

    /// <summary>The If-Match entity tag as the store writes it (quoted); none for an absent header or <c>*</c>.</summary>
    private static string? ExpectedETag(HttpRequest request)
    {
        var header = request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(header) || header.Trim() == "*")
        {
            return null;
        }

        return EntityTagHeaderValue.TryParse(header.Trim(), out var tag) ? tag.Tag.ToString() : header.Trim();
    }
}
