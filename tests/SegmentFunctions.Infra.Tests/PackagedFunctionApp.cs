using SegmentFunctions.Testing;

namespace SegmentFunctions.Infra.Tests;

/// <summary>
/// Runs infra/package.sh once (with the self-contained publish) into a temporary folder, so the tests see exactly
/// what would be deployed without touching the developer's artifacts/.
/// </summary>
public sealed class PackagedFunctionApp : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    public PackagedFunctionApp()
    {
        OutputDirectory = Directory.CreateTempSubdirectory("segment-package-").FullName;
        Result = RunScript("--out", OutputDirectory);
    }

    public string OutputDirectory { get; }

    public string AppDirectory => Path.Combine(OutputDirectory, "functionapp");

    public string ZipPath => Path.Combine(OutputDirectory, "functionapp.zip");

    internal ProcessResult Result { get; }

    internal static ProcessResult RunScript(params string[] arguments) =>
        ProcessRunner.Run("bash", ["infra/package.sh", .. arguments], RepositoryPaths.Root, Timeout);

    public void Dispose() => Directory.Delete(OutputDirectory, recursive: true);
}
