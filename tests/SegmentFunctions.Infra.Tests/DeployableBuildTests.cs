using System.Text.Json.Nodes;
using SegmentFunctions.Testing;

namespace SegmentFunctions.Infra.Tests;

/// <summary>
/// The deployable build (<c>-p:EventHubsExtension=true</c>, as infra/package.sh publishes it) asks the SDK for the
/// Event Hubs host extension: where the NuGet source serves it, the built app lists it in extensions.json; where it
/// does not, the build fails on exactly that package and nothing else.
/// </summary>
public sealed class DeployableBuildTests : IDisposable
{
    private const string HostExtension = "Microsoft.Azure.WebJobs.Extensions.EventHubs";

    private readonly DirectoryInfo _artifacts = Directory.CreateTempSubdirectory("segment-deployable-");

    [Fact]
    public void The_deployable_build_installs_the_event_hubs_host_extension_or_fails_only_for_want_of_it()
    {
        var output = Path.Combine(_artifacts.FullName, "app");
        var result = ProcessRunner.Run(
            "dotnet",
            ["build", "functions/SegmentFunctions/SegmentFunctions.csproj", "-p:EventHubsExtension=true", "-nologo", "-v", "quiet",
                "-o", output, "--artifacts-path", Path.Combine(_artifacts.FullName, "build")],
            RepositoryPaths.Root,
            TimeSpan.FromMinutes(10));

        if (result.ExitCode == 0)
        {
            var extensions = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "extensions.json")))!["extensions"]!.AsArray();
            Assert.Contains(extensions, e => ((string?)e!["typeName"] ?? string.Empty).Contains(HostExtension, StringComparison.Ordinal));
            return;
        }

        var errors = (result.StandardOutput + result.StandardError)
            .Split('\n')
            .Where(line => line.Contains(": error ", StringComparison.Ordinal))
            .Distinct()
            .ToList();
        Assert.NotEmpty(errors);
        Assert.All(errors, line => Assert.True(line.Contains("NU1101", StringComparison.Ordinal) && line.Contains(HostExtension, StringComparison.Ordinal), result.Describe()));
    }

    public void Dispose() => _artifacts.Delete(recursive: true);
}
