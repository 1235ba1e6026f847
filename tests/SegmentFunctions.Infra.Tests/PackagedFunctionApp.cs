using System.Text.Json.Nodes;
using SegmentFunctions.Testing;

namespace SegmentFunctions.Infra.Tests;

/// <summary>
/// Runs infra/package.sh once into a temporary folder, so the tests see the Release publish that would be deployed
/// without touching the developer's artifacts/. It publishes the default build (--no-event-hubs-extension): the
/// deployable build needs a NuGet source that serves the Event Hubs host extension, and both builds write the same
/// functions.metadata and layout.
/// </summary>
public sealed class PackagedFunctionApp : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    public PackagedFunctionApp()
    {
        OutputDirectory = Directory.CreateTempSubdirectory("segment-package-").FullName;
        Result = RunScript("--out", OutputDirectory, "--no-event-hubs-extension");
    }

    public string OutputDirectory { get; }

    public string AppDirectory => Path.Combine(OutputDirectory, "functionapp");

    public string ZipPath => Path.Combine(OutputDirectory, "functionapp.zip");

    internal ProcessResult Result { get; }

    /// <summary>The published functions.metadata: one entry per function, with its bindings and retry policy.</summary>
    public IReadOnlyList<JsonObject> Functions()
    {
        var path = Path.Combine(AppDirectory, "functions.metadata");
        Assert.True(File.Exists(path), $"No functions.metadata in the package: {Result.Describe()}");
        return [.. JsonNode.Parse(File.ReadAllText(path))!.AsArray().OfType<JsonObject>()];
    }

    internal static ProcessResult RunScript(params string[] arguments) =>
        ProcessRunner.Run("bash", ["infra/package.sh", .. arguments], RepositoryPaths.Root, Timeout);

    public void Dispose() => Directory.Delete(OutputDirectory, recursive: true);
}
