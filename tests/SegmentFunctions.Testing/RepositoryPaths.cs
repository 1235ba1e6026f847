namespace SegmentFunctions.Testing;

/// <summary>
/// Where the repository and the shared data are, found from the test binaries' folder: the repository root holds
/// SegmentFunctions.sln, and the workplace's shared data sits beside the clone as ../shared.
/// </summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string SharedData => Path.GetFullPath(Path.Combine(Root, "..", "shared", "data"));

    public static string CdnowDirectory => Path.Combine(SharedData, "cdnow");

    public static string Cdnow(string fileName)
    {
        var path = Path.Combine(CdnowDirectory, fileName);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"The CDNOW data is expected beside the clone, at {path}.", path);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SegmentFunctions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No SegmentFunctions.sln above {AppContext.BaseDirectory}.");
    }
}
