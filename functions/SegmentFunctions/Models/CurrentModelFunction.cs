using Microsoft.AspNetCore.Mvc;
using SegmentFunctions.Application.Registry;

namespace SegmentFunctions.Models;

/// <summary>
/// <c>GET /api/models/current</c> (function CurrentModel): the serving version, why it serves and its metrics; the
/// <c>ETag</c> header is the pointer's, to promote with <c>If-Match</c>. 404 before the first promotion.
/// </summary>
public static class CurrentModelFunction
{
    public const string FunctionName = "CurrentModel";
    public const string Route = "/api/models/current";

    public static IEndpointRouteBuilder MapCurrentModel(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Route, GetAsync)
            .WithName(FunctionName)
            .Produces<CurrentModelView>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return endpoints;
    }

    private static async Task<IResult> GetAsync(HttpResponse response, [FromServices] ModelRegistry registry, CancellationToken cancellationToken) =>
        await registry.GetCurrentAsync(cancellationToken) is { } pointer
            ? await ModelsEndpoints.CurrentAsync(response, registry, pointer, StatusCodes.Status200OK, cancellationToken)
            : Results.Problem(title: "No model is serving.", detail: "No model version has been promoted yet; run a retrain.", statusCode: StatusCodes.Status404NotFound);
}
