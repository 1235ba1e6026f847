namespace SegmentFunctions.Application.Registry;

/// <summary>The bundle of a version is missing or fails validation, so the version cannot be promoted.</summary>
public sealed class ModelBundleInvalidException(string version, string detail, Exception? inner = null)
    : Exception($"Model version '{version}' cannot be promoted: its bundle {detail}", inner)
{
    public string Version { get; } = version;
}
