using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SegmentFunctions.Handler.Tests.Infrastructure;
using SegmentFunctions.Testing;

namespace SegmentFunctions.Handler.Tests;

/// <summary>
/// Every function folder has a handler route for what the host sends it: the public path and method of a forwarded
/// HTTP function (route prefix "api"), or POST /{FunctionName} for any other trigger.
/// </summary>
public sealed class FunctionRoutesTests(HandlerFactory factory) : IClassFixture<HandlerFactory>
{
    public static TheoryData<string> Functions() => new(FunctionNames());

    private static IEnumerable<string> FunctionNames() =>
        Directory.EnumerateDirectories(Path.Combine(RepositoryPaths.Root, "functions"))
            .Where(folder => File.Exists(Path.Combine(folder, "function.json")))
            .Select(folder => Path.GetFileName(folder))
            .Order(StringComparer.Ordinal);

    [Fact]
    public void The_retraining_and_model_functions_exist()
    {
        var functions = FunctionNames().ToHashSet();

        Assert.Superset(
            new HashSet<string> { "RetrainSchedule", "RetrainStart", "RetrainStatus", "ListModels", "CurrentModel", "PromoteModel" },
            functions);
    }

    [Theory]
    [MemberData(nameof(Functions))]
    public void The_handler_answers_what_the_host_sends_the_function(string function)
    {
        var bindings = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "functions", function, "function.json")))!["bindings"]!.AsArray();
        var trigger = bindings.Single(b => ((string?)b!["type"])!.EndsWith("Trigger", StringComparison.Ordinal))!;

        var expected = (string)trigger["type"]! == "httpTrigger"
            ? ((string)trigger["methods"]!.AsArray().Single()!).ToUpperInvariant() + " /api/" + (string)trigger["route"]!
            : $"POST /{function}";

        Assert.Contains(expected, HandlerRoutes());
    }

    private HashSet<string> HandlerRoutes() =>
        factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => $"{m} /{e.RoutePattern.RawText!.TrimStart('/')}"))
            .ToHashSet(StringComparer.Ordinal);
}
