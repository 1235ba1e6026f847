using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SegmentFunctions.Application.Registry;

namespace SegmentFunctions.Models;

/// <summary>
/// <c>GET /api/models/current</c>: the serving version, the one before it, when and why it was promoted, and its
/// metrics. The <c>ETag</c> header is the pointer's, to promote with <c>If-Match</c>. 404 before the first promotion.
/// </summary>
public sealed class CurrentModelFunction(ModelRegistry registry)
{
    public const string Name = "CurrentModel";

    [Function(Name)]
    [EndpointSummary("The serving model version, why it serves, and its metrics.")]
    [ProducesResponseType<CurrentModelView>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "models/current")] HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await registry.GetCurrentAsync(cancellationToken) is { } pointer
            ? await CurrentModelAnswer.CreateAsync(request.HttpContext.Response, registry, pointer, cancellationToken)
            : Results.Problem(title: "No model is serving.", detail: "No model version has been promoted yet; run a retrain.", statusCode: StatusCodes.Status404NotFound);
    }
}
