using Microsoft.AspNetCore.Mvc;
using SegmentFunctions.Application.Registry;

namespace SegmentFunctions.Models;

/// <summary><c>GET /api/models</c> (function ListModels): every published version with its metrics, newest first.</summary>
public static class ListModelsFunction
{
    public const string FunctionName = "ListModels";
    public const string Route = "/api/models";

    public static IEndpointRouteBuilder MapListModels(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Route, ListAsync).WithName(FunctionName).Produces<ModelList>();
        return endpoints;
    }

    private static async Task<IResult> ListAsync([FromServices] ModelRegistry registry, CancellationToken cancellationToken)
    {
        var current = (await registry.GetCurrentAsync(cancellationToken))?.Model.Version;
        var versions = await registry.ListAsync(cancellationToken);
        var views = versions
            .Select(v => new ModelVersionView(v.Version, v.PublishedAt, v.BundleLength, string.Equals(v.Version, current, StringComparison.Ordinal), v.Metrics))
            .ToList();
        return Results.Json(new ModelList(current, views), ModelsJsonContext.Default.ModelList);
    }
}
