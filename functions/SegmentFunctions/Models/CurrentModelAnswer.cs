using Microsoft.Net.Http.Headers;
using SegmentFunctions.Application.Registry;

namespace SegmentFunctions.Models;

/// <summary>The serving pointer as an answer: a <see cref="CurrentModelView"/> body, with the pointer's ETag as the response's ETag (for a later If-Match promotion).</summary>
public static class CurrentModelAnswer
{
    public static async Task<IResult> CreateAsync(HttpResponse response, ModelRegistry registry, CurrentModelPointer pointer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(pointer);
        var model = pointer.Model;
        var version = ModelVersionId.IsValid(model.Version) ? await registry.GetVersionAsync(model.Version, cancellationToken) : null;
        response.Headers.ETag = EntityTagHeaderValue.TryParse(pointer.ETag, out var quoted) ? quoted.ToString() : $"\"{pointer.ETag}\"";
        return Results.Json(
            new CurrentModelView(model.Version, model.PreviousVersion, model.PromotedAt, model.Reason, version?.PublishedAt, version?.Metrics),
            ModelsJsonContext.Default.CurrentModelView);
    }
}
