using SegmentFunctions.Domain.Scoring;

namespace SegmentFunctions.Application.Serving;

/// <summary>
/// One loaded model version, immutable: the registry version that serves, its bundle and the scorer built on it.
/// A request reads the current instance once and uses only it, so it never mixes two versions.
/// </summary>
/// <param name="Version">The registry version (models/{version}/), the id clients see.</param>
/// <param name="PointerETag">ETag of models/current.json when this version was loaded.</param>
public sealed class ServingModel(string version, string pointerETag, ModelBundle bundle, DateTimeOffset loadedAt)
{
    public string Version { get; } = version;
    public string PointerETag { get; } = pointerETag;
    public ModelBundle Bundle { get; } = bundle;
    public CustomerScorer Scorer { get; } = new(bundle);
    public DateTimeOffset LoadedAt { get; } = loadedAt;

    /// <summary>The segment with <paramref name="segmentId"/>, or null.</summary>
    public SegmentDefinition? FindSegment(int segmentId)
    {
        foreach (var segment in Bundle.Segments)
        {
            if (segment.Id == segmentId)
            {
                return segment;
            }
        }

        return null;
    }
}
