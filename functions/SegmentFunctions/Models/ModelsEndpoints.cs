using Microsoft.Net.Http.Headers;
using SegmentFunctions.Application.Registry;

namespace SegmentFunctions.Models;

/// <summary>The model registry's HTTP functions (forwarded): ListModels, CurrentModel and PromoteModel.</summary>
public static class ModelsEndpoints
{
    public static IEndpointRouteBuilder MapModels(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapListModels().MapCurrentModel().MapPromoteModel();

    /// <summary>The serving pointer as a body, with its ETag as the response's ETag (for a later If-Match promotion).</summary>
    internal static async Task<IResult> CurrentAsync(HttpResponse response, ModelRegistry registry, CurrentModelPointer pointer, int statusCode, CancellationToken cancellationToken)
    {
        var model = pointer.Model;
        var version = ModelVersionId.IsValid(model.Version) ? await registry.GetVersionAsync(model.Version, cancellationToken) : null;
        response.Headers.ETag = EntityTagHeaderValue.TryParse(pointer.ETag, out var quoted) ? quoted.ToString() : $"\"{pointer.ETag}\"";
        return Results.Json(
            new CurrentModelView(model.Version, model.PreviousVersion, model.PromotedAt, model.Reason, version?.PublishedAt, version?.Metrics),
            ModelsJsonContext.Default.CurrentModelView,
            statusCode: statusCode);
    }
}
