namespace SegmentFunctions.Application.Registry;

/// <summary>
/// Registry blobs in one container: <c>{container}/{version}/bundle.zip</c>, then <c>{container}/{version}/metrics.json</c>
/// (written last: its presence makes the version published), and the pointer <c>{container}/current.json</c>.
/// </summary>
internal sealed class ModelRegistryLayout(string container)
{
    public string Root { get; } = $"{container}/";

    public string Current => $"{Root}current.json";

    public string Bundle(string version) => $"{Root}{version}/bundle.zip";

    public string Metrics(string version) => $"{Root}{version}/metrics.json";

    /// <summary>The version when <paramref name="path"/> is a version's metrics blob, else null.</summary>
    public string? VersionOfMetrics(string path)
    {
        const string suffix = "/metrics.json";
        if (!path.StartsWith(Root, StringComparison.Ordinal) || !path.EndsWith(suffix, StringComparison.Ordinal))
        {
            return null;
        }

        var version = path[Root.Length..^suffix.Length];
        return ModelVersionId.IsValid(version) ? version : null;
    }
}
