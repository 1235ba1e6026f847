using System.IO.Compression;
using System.Text.Json.Nodes;

namespace SegmentFunctions.Infra.Tests;

/// <summary>
/// infra/package.sh publishes the layout the Functions host reads from a dotnet-isolated app: host.json,
/// functions.metadata, worker.config.json naming the worker, extensions.json with the host extensions in
/// .azurefunctions/, and a zip of it all.
/// </summary>
[Collection(PackagedFunctionAppCollection.Name)]
public sealed class PackageLayoutTests(PackagedFunctionApp package)
{
    [Fact]
    public void Script_succeeds()
    {
        Assert.True(package.Result.ExitCode == 0, package.Result.Describe());
    }

    [Fact]
    public void Host_json_is_at_the_app_root_unchanged()
    {
        Assert.Equal(File.ReadAllText(FunctionApp.HostJsonPath), File.ReadAllText(Path.Combine(package.AppDirectory, "host.json")));
    }

    [Theory]
    [InlineData("functions.metadata")]
    [InlineData("worker.config.json")]
    [InlineData("extensions.json")]
    [InlineData(".azurefunctions/function.deps.json")]
    [InlineData("SegmentFunctions.dll")]
    public void The_app_root_holds_what_the_host_reads(string file)
    {
        Assert.True(File.Exists(Path.Combine(package.AppDirectory, file)), $"{file} is missing from the package.");
    }

    [Fact]
    public void Worker_config_starts_the_published_worker()
    {
        var config = FunctionApp.ReadJson(Path.Combine(package.AppDirectory, "worker.config.json"));
        var description = config["description"]!;

        Assert.Equal("dotnet-isolated", (string?)description["language"]);
        Assert.Equal("SegmentFunctions.dll", (string?)description["defaultWorkerPath"]);
    }

    [Fact]
    public void The_default_build_installs_no_event_hubs_host_extension()
    {
        var extensions = FunctionApp.ReadJson(Path.Combine(package.AppDirectory, "extensions.json"))["extensions"]!.AsArray().OfType<JsonObject>().ToList();

        Assert.NotEmpty(extensions);
        Assert.All(extensions, e => Assert.StartsWith("./.azurefunctions/", (string?)e["hintPath"], StringComparison.Ordinal));
        Assert.DoesNotContain(extensions, e => ((string?)e["typeName"] ?? string.Empty).Contains("EventHubs", StringComparison.Ordinal));
        Assert.Contains("EventHubsExtension", File.ReadAllText(Path.Combine(Testing.RepositoryPaths.Root, "infra", "package.sh")), StringComparison.Ordinal);
    }

    [Fact]
    public void Zip_holds_the_same_files()
    {
        using var zip = ZipFile.OpenRead(package.ZipPath);
        var entries = zip.Entries.Where(e => !e.FullName.EndsWith('/')).Select(e => e.FullName);
        var files = Directory.EnumerateFiles(package.AppDirectory, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(package.AppDirectory, f).Replace(Path.DirectorySeparatorChar, '/'));

        Assert.Equal(files.Order(StringComparer.Ordinal), entries.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Unknown_argument_is_refused()
    {
        var result = PackagedFunctionApp.RunScript("--frobnicate");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("unknown argument '--frobnicate'", result.StandardError, StringComparison.Ordinal);
    }
}
