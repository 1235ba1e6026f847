using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using SegmentFunctions.FunctionApp.Tests.Infrastructure;
using SegmentFunctions.OpenApi;

namespace SegmentFunctions.FunctionApp.Tests.Serving;

/// <summary>
/// The OpenAPI document lists exactly the HTTP triggers of functions.metadata: every operation the Functions host
/// would route is documented, with its function name as operation id, and nothing else is.
/// </summary>
public sealed partial class FunctionRoutesOpenApiTests : IAsyncLifetime
{
    private readonly FunctionAppFactory _factory = new();
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
    public async Task The_metadata_http_triggers_and_the_openapi_document_list_the_same_operations()
    {
        var declared = FunctionsMetadata.HttpOperations()
            .Select(d => (d.Function, d.Method, Path: Normalize(d.Path)))
            .ToHashSet();
        Assert.NotEmpty(declared);

        var documented = await DocumentedOperationsAsync();

        Assert.Equal(declared.OrderBy(d => d.Path).ThenBy(d => d.Method), documented.OrderBy(d => d.Path).ThenBy(d => d.Method));
    }

    [Fact]
    public async Task The_retrain_start_documents_its_own_status_url_and_durables_links()
    {
        using var document = JsonDocument.Parse(await _client.GetStringAsync(new Uri(OpenApiDocumentFunction.DocumentPath, UriKind.Relative)));
        var accepted = document.RootElement.GetProperty("paths").GetProperty("/api/retrain").GetProperty("post").GetProperty("responses").GetProperty("202");

        var properties = accepted.GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("properties");
        var durable = properties.GetProperty("durable").GetProperty("properties");
        Assert.True(properties.TryGetProperty("statusQueryGetUri", out _));
        foreach (var link in new[] { "statusQueryGetUri", "sendEventPostUri", "terminatePostUri", "suspendPostUri", "resumePostUri", "purgeHistoryDeleteUri" })
        {
            Assert.True(durable.TryGetProperty(link, out _), link);
        }

        var description = accepted.GetProperty("description").GetString();
        Assert.Contains("GET /api/retrain/{runId}", description, StringComparison.Ordinal);
        Assert.Contains("null under segment serve", description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_response_body_and_the_batch_request_have_a_schema()
    {
        using var document = JsonDocument.Parse(await _client.GetStringAsync(new Uri(OpenApiDocumentFunction.DocumentPath, UriKind.Relative)));
        var paths = document.RootElement.GetProperty("paths");

        var scores = paths.GetProperty("/api/customers/{id}/scores").GetProperty("get");
        var okSchema = scores.GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema");
        Assert.True(okSchema.GetProperty("properties").TryGetProperty("churn", out _));
        foreach (var quantity in new[] { "pAlive", "expectedPurchases", "clv" })
        {
            var bounds = okSchema.GetProperty("properties").GetProperty(quantity).GetProperty("properties");
            Assert.True(bounds.TryGetProperty("value", out _) && bounds.TryGetProperty("low", out _) && bounds.TryGetProperty("high", out _), quantity);
        }

        Assert.Contains(scores.GetProperty("parameters").EnumerateArray(), p => p.GetProperty("name").GetString() == "source" && p.GetProperty("in").GetString() == "query");
        var notFound = scores.GetProperty("responses").GetProperty("404").GetProperty("content");
        Assert.True(notFound.TryGetProperty("application/problem+json", out _));

        var batch = paths.GetProperty("/api/scores/batch").GetProperty("post").GetProperty("requestBody");
        Assert.True(batch.GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("properties").TryGetProperty("customerIds", out _));

        var health = paths.GetProperty("/api/health").GetProperty("get");
        Assert.False(health.TryGetProperty("security", out _));
        Assert.True(scores.TryGetProperty("security", out _));
    }

    private async Task<HashSet<(string Function, string Method, string Path)>> DocumentedOperationsAsync()
    {
        var response = await _client.GetAsync(new Uri(OpenApiDocumentFunction.DocumentPath, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var operations = new HashSet<(string, string, string)>();
        foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                operations.Add((operation.Value.GetProperty("operationId").GetString()!, operation.Name.ToUpperInvariant(), Normalize(path.Name)));
            }
        }

        return operations;
    }

    /// <summary>Route parameters compare by position only: <c>{id:int}</c>, <c>{customerId}</c> and <c>{x}</c> are alike.</summary>
    private static string Normalize(string path) => RouteParameter().Replace(path.TrimEnd('/'), "{}");

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex RouteParameter();
}
