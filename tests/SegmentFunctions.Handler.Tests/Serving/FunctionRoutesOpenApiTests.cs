using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SegmentFunctions.Handler.Tests.Infrastructure;
using SegmentFunctions.OpenApi;
using SegmentFunctions.Testing;

namespace SegmentFunctions.Handler.Tests.Serving;

/// <summary>
/// Every HTTP function declared in functions/*/function.json has a handler route listed in the OpenAPI document, and
/// every /api route of the document is declared by a function (or the host would never forward it). Generic over the
/// function folders: new functions are checked without touching this test.
/// </summary>
public sealed partial class FunctionRoutesOpenApiTests : IAsyncLifetime
{
    private readonly HandlerFactory _factory = new();
    private HttpClient _client = null!;

    public Task InitializeAsync()
    {
        _client = _factory.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
    }

    [Fact]
    public async Task Function_json_http_routes_and_the_openapi_document_list_the_same_operations()
    {
        var declared = DeclaredHttpOperations();
        Assert.NotEmpty(declared);
        var documented = await DocumentedOperationsAsync();

        var undocumented = declared
            .Where(d => d.Path != OpenApiEndpoints.DocumentPath)
            .Where(d => !documented.Contains((d.Method, d.Path)))
            .Select(d => $"{d.Function}: {d.Method} {d.Path}")
            .ToList();
        var undeclared = documented
            .Where(o => !declared.Any(d => d.Method == o.Method && d.Path == o.Path))
            .Select(o => $"{o.Method} {o.Path}")
            .ToList();

        Assert.True(undocumented.Count == 0, $"HTTP functions without a documented handler route: {string.Join("; ", undocumented)}");
        Assert.True(undeclared.Count == 0, $"Documented /api routes no function.json declares: {string.Join("; ", undeclared)}");
    }

    private static List<(string Function, string Method, string Path)> DeclaredHttpOperations()
    {
        var host = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "host.json")))!;
        var prefix = (string?)host["extensions"]?["http"]?["routePrefix"] ?? "api";
        var operations = new List<(string, string, string)>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, "functions"), "function.json", SearchOption.AllDirectories)
                     .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                              && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            var function = Path.GetFileName(Path.GetDirectoryName(file))!;
            var bindings = JsonNode.Parse(File.ReadAllText(file))!["bindings"]!.AsArray();
            foreach (var trigger in bindings.OfType<JsonObject>().Where(b => (string?)b["type"] == "httpTrigger"))
            {
                var route = (string?)trigger["route"] ?? function;
                var path = Normalize("/" + (prefix.Length == 0 ? route : $"{prefix}/{route}"));
                var methods = trigger["methods"]?.AsArray().Select(m => ((string)m!).ToUpperInvariant()).ToList() ?? ["GET", "POST"];
                operations.AddRange(methods.Select(m => (function, m, path)));
            }
        }

        return operations;
    }

    private async Task<HashSet<(string Method, string Path)>> DocumentedOperationsAsync()
    {
        var response = await _client.GetAsync(new Uri(OpenApiEndpoints.DocumentPath, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var operations = new HashSet<(string, string)>();
        foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject())
        {
            var normalized = Normalize(path.Name);
            if (!normalized.StartsWith("/api/", StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var operation in path.Value.EnumerateObject())
            {
                operations.Add((operation.Name.ToUpperInvariant(), normalized));
            }
        }

        return operations;
    }

    /// <summary>Route parameters compare by position only: <c>{id:int}</c>, <c>{customerId}</c> and <c>{x}</c> are alike.</summary>
    private static string Normalize(string path) => RouteParameter().Replace(path.TrimEnd('/'), "{}");

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex RouteParameter();
}
