using System.Reflection;
using SegmentFunctions.Testing;

namespace SegmentFunctions.Infra.Tests;

/// <summary>
/// The Bicep CLI from the Azure.Bicep.CommandLine.linux-x64 package; the package's build props give its path, which
/// the test project records as assembly metadata.
/// </summary>
internal static class BicepCli
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    private static readonly Lazy<string> Executable = new(Locate);

    public static string InfraDirectory => Path.Combine(RepositoryPaths.Root, "infra");

    /// <summary>Every Bicep file of the infrastructure, relative to the repository root.</summary>
    public static IReadOnlyList<string> BicepFiles() =>
        Directory.EnumerateFiles(InfraDirectory, "*.bicep", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}emulators{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(path => Path.GetRelativePath(RepositoryPaths.Root, path))
            .Order(StringComparer.Ordinal)
            .ToList();

    public static ProcessResult Run(params string[] arguments) =>
        ProcessRunner.Run(Executable.Value, arguments, RepositoryPaths.Root, Timeout);

    /// <summary>Compiles a Bicep file to ARM JSON (stdout); diagnostics go to stderr.</summary>
    public static ProcessResult Build(string relativePath) => Run("build", relativePath, "--stdout");

    /// <summary>Compiles a .bicepparam file; stdout holds {"parametersJson": "...", "templateJson": "..."}.</summary>
    public static ProcessResult BuildParams(string relativePath) => Run("build-params", relativePath, "--stdout");

    public static ProcessResult Lint(string relativePath) => Run("lint", relativePath);

    private static string Locate()
    {
        var recorded = typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(a => a.Key == "BicepPath")?.Value;
        if (string.IsNullOrWhiteSpace(recorded))
        {
            throw new InvalidOperationException(
                "The test assembly does not record BicepPath: is the Azure.Bicep.CommandLine.linux-x64 package referenced?");
        }

        var path = Path.GetFullPath(recorded.Replace('\\', Path.DirectorySeparatorChar));
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The Bicep CLI is not at {path}; restore the test project.", path);
        }

        // NuGet extraction does not always keep the executable bit of a packaged binary.
        var mode = File.GetUnixFileMode(path);
        if ((mode & UnixFileMode.UserExecute) == 0)
        {
            File.SetUnixFileMode(path, mode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }

        return path;
    }
}
