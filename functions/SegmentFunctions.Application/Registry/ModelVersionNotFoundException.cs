namespace SegmentFunctions.Application.Registry;

/// <summary>No published version has this id (a version without metrics.json is unfinished and not published).</summary>
public sealed class ModelVersionNotFoundException(string version)
    : Exception($"Model version '{version}' is not published in the registry.")
{
    public string Version { get; } = version;
}
