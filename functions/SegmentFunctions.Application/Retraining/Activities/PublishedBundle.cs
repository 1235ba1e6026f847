using SegmentFunctions.Application.Registry;
using SegmentFunctions.Domain.Scoring;

namespace SegmentFunctions.Application.Retraining.Activities;

/// <summary>The model bundle of a version in the registry, for the activities that score with it.</summary>
internal static class PublishedBundle
{
    public static async Task<ModelBundle> LoadAsync(ModelRegistry registry, string version, CancellationToken cancellationToken)
    {
        await using var stream = await registry.OpenBundleAsync(version, cancellationToken);
        return await ModelBundleSerializer.LoadAsync(stream, cancellationToken);
    }
}
