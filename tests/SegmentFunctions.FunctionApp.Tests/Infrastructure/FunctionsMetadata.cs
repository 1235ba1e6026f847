using System.Text.Json.Nodes;
using SegmentFunctions.Testing;

namespace SegmentFunctions.FunctionApp.Tests.Infrastructure;

/// <summary>
/// functions.metadata as the Functions SDK wrote it for the build under test (copied to the test's output with the
/// function app), and host.json's route prefix: what the Functions host would serve.
/// </summary>
public static class FunctionsMetadata
{
    public static string Path => System.IO.Path.Combine(AppContext.BaseDirectory, "functions.metadata");

    public static JsonArray Functions() => JsonNode.Parse(File.ReadAllText(Path))!.AsArray();

    /// <summary>Every HTTP trigger as (function, METHOD, /prefix/route).</summary>
    public static List<(string Function, string Method, string Path)> HttpOperations()
    {
        var host = JsonNode.Parse(File.ReadAllText(System.IO.Path.Combine(RepositoryPaths.Root, "host.json")))!;
        var prefix = (string?)host["extensions"]?["http"]?["routePrefix"] ?? "api";
        var operations = new List<(string, string, string)>();
        foreach (var function in Functions().OfType<JsonObject>())
        {
            var name = (string)function["name"]!;
            foreach (var trigger in function["bindings"]!.AsArray().OfType<JsonObject>().Where(b => (string?)b["type"] == "httpTrigger"))
            {
                var route = (string?)trigger["route"] ?? name;
                var methods = trigger["methods"]?.AsArray().Select(m => ((string)m!).ToUpperInvariant()).ToList() ?? ["GET", "POST"];
                operations.AddRange(methods.Select(m => (name, m, "/" + (prefix.Length == 0 ? route : $"{prefix}/{route}"))));
            }
        }

        return operations;
    }
}
