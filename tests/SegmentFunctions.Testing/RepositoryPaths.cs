namespace SegmentFunctions.Testing;

/// <summary>
/// Where the repository and its test data are, found from the test binaries' folder: the repository root holds
/// SegmentFunctions.sln, and the data files sit under tests/data.
/// </summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string TestData => Path.Combine(Root, "tests", "data");

    public static string CdnowDirectory => Path.Combine(TestData, "cdnow");

    public static string Cdnow(string fileName)
    {
        var path = Path.Combine(CdnowDirectory, fileName);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"The CDNOW data is expected in the repository, at {path}.", path);
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
