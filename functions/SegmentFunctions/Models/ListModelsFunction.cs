using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SegmentFunctions.Application.Registry;

namespace SegmentFunctions.Models;

/// <summary><c>GET /api/models</c>: every published version with its metrics, newest first.</summary>
public sealed class ListModelsFunction(ModelRegistry registry)
{
    public const string Name = "ListModels";

    [Function(Name)]
    [EndpointSummary("Every published model version with its metrics, newest first.")]
    [ProducesResponseType<ModelList>(StatusCodes.Status200OK)]
    public async Task<IResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "models")] HttpRequest request, CancellationToken cancellationToken)
    {
        var current = (await registry.GetCurrentAsync(cancellationToken))?.Model.Version;
        var versions = await registry.ListAsync(cancellationToken);
        var views = versions
            .Select(v => new ModelVersionView(v.Version, v.PublishedAt, v.BundleLength, string.Equals(v.Version, current, StringComparison.Ordinal), v.Metrics))
            .ToList();
        return Results.Json(new ModelList(current, views), ModelsJsonContext.Default.ModelList);
    }
}
