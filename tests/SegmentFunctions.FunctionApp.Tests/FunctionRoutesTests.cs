using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SegmentFunctions.FunctionApp.Tests.Infrastructure;

namespace SegmentFunctions.FunctionApp.Tests;

/// <summary>
/// `segment serve` serves exactly the HTTP functions the Functions host would: every HTTP trigger of functions.metadata
/// has a serve route with the same method and path that runs that function, and every serve route is such a trigger.
/// </summary>
public sealed partial class FunctionRoutesTests(FunctionAppFactory factory) : IClassFixture<FunctionAppFactory>
{
    public static TheoryData<string, string, string> HttpOperations()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var (function, method, path) in FunctionsMetadata.HttpOperations())
        {
            data.Add(function, method, path);
        }

        return data;
    }

    [Fact]
    public void The_metadata_declares_every_function_of_the_app()
    {
        var names = FunctionsMetadata.Functions().Select(f => (string)f!["name"]!).ToHashSet();

        Assert.Superset(
            new HashSet<string>
            {
                "FeaturizeEvents", "CustomerFeatures", "CustomerScores", "ScoreBatch", "Segments", "SegmentCustomers", "EraseCustomer",
                "ListModels", "CurrentModel", "PromoteModel", "Health", "OpenApiDocument",
                "RetrainSchedule", "RetrainStart", "RetrainStatus", "Retrain",
            },
            names);
    }

    [Theory]
    [MemberData(nameof(HttpOperations))]
    public async Task A_request_to_each_http_trigger_reaches_that_function_through_serve(string function, string method, string path)
    {
        var server = factory.Server;
        var concrete = RouteParameter().Replace(path, "sample");

        var context = await server.SendAsync(c =>
        {
            c.Request.Method = method;
            c.Request.Path = concrete;
        });

        Assert.Equal(function, context.GetEndpoint()?.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName);
    }

    [Fact]
    public void Every_serve_route_is_an_http_trigger_of_the_metadata()
    {
        var declared = FunctionsMetadata.HttpOperations().Select(o => $"{o.Function} {o.Method} {o.Path}").ToHashSet(StringComparer.Ordinal);

        var served = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m =>
                $"{e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName} {m} /{e.RoutePattern.RawText!.TrimStart('/')}"))
            .ToList();

        Assert.NotEmpty(served);
        Assert.Equal(declared.Order(StringComparer.Ordinal), served.Order(StringComparer.Ordinal));
    }

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex RouteParameter();
}
