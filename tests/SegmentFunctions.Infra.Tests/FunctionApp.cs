using System.Text.Json;
using System.Text.Json.Nodes;
using SegmentFunctions.Testing;

namespace SegmentFunctions.Infra.Tests;

/// <summary>The function app's source files: host.json, the function folders and local.settings.sample.json.</summary>
internal static class FunctionApp
{
    private static readonly JsonDocumentOptions Lenient = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public static string HostJsonPath => Path.Combine(RepositoryPaths.Root, "host.json");

    public static string SampleSettingsPath => Path.Combine(RepositoryPaths.Root, "local.settings.sample.json");

    /// <summary>Function folders: folders under functions/ holding a function.json, by function name.</summary>
    public static IReadOnlyList<(string Name, string FunctionJsonPath)> Functions() =>
        Directory.EnumerateDirectories(Path.Combine(RepositoryPaths.Root, "functions"))
            .Select(dir => (Name: Path.GetFileName(dir), FunctionJsonPath: Path.Combine(dir, "function.json")))
            .Where(f => File.Exists(f.FunctionJsonPath))
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .ToList();

    public static JsonObject ReadJson(string path)
    {
        Assert.True(File.Exists(path), $"{path} does not exist.");
        return JsonNode.Parse(File.ReadAllText(path), documentOptions: Lenient)?.AsObject()
            ?? throw new InvalidDataException($"{path} is empty.");
    }

    /// <summary>host.json's customHandler.description.defaultExecutablePath, relative to the app root.</summary>
    public static string HandlerExecutablePath()
    {
        var path = (string?)ReadJson(HostJsonPath)["customHandler"]?["description"]?["defaultExecutablePath"];
        Assert.False(string.IsNullOrWhiteSpace(path), "host.json names no customHandler.description.defaultExecutablePath.");
        return path!;
    }

    /// <summary>The Values of local.settings.sample.json.</summary>
    public static IReadOnlyDictionary<string, string?> SampleSettings()
    {
        var values = ReadJson(SampleSettingsPath)["Values"]?.AsObject()
            ?? throw new InvalidDataException($"{SampleSettingsPath} has no Values.");
        return values.ToDictionary(p => p.Key, p => p.Value?.ToString());
    }
}
