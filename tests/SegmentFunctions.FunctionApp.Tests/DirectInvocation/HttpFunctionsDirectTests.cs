using System.Text.Json;
using SegmentFunctions.Erasure;
using SegmentFunctions.Features;
using SegmentFunctions.FunctionApp.Tests.Serving;
using SegmentFunctions.Health;
using SegmentFunctions.Models;
using SegmentFunctions.OpenApi;
using SegmentFunctions.Scoring;
using SegmentFunctions.Segments;

namespace SegmentFunctions.FunctionApp.Tests.DirectInvocation;

/// <summary>
/// Every HTTP function called directly, as the worker calls it, with a real HttpContext: on the composed app serving
/// the synthetic shop's bundle, with its batch scores written.
/// </summary>
public sealed class HttpFunctionsDirectTests(ServedFunctionAppFixture served) : IClassFixture<ServedFunctionAppFixture>
{
    private IServiceProvider Services => served.Factory.Services;

    private string KnownCustomer => served.Bundles.Documents[0].CustomerId;

    [Fact]
    public async Task Health_reports_the_serving_model()
    {
        var answer = await HttpInvocation.InvokeAsync<HealthFunction>(Services, "GET", "/api/health", (f, r) => f.GetAsync(r, default));

        Assert.Equal(200, answer.StatusCode);
        Assert.Equal("healthy", answer.Json.GetProperty("status").GetString());
        Assert.Equal(served.Version, answer.Json.GetProperty("modelVersion").GetString());
    }

    [Fact]
    public async Task CustomerFeatures_answers_the_document_or_a_problem()
    {
        var known = await HttpInvocation.InvokeAsync<CustomerFeaturesFunction>(Services, "GET", $"/api/customers/{KnownCustomer}/features", (f, r) => f.GetAsync(r, KnownCustomer, default));
        var unknown = await HttpInvocation.InvokeAsync<CustomerFeaturesFunction>(Services, "GET", "/api/customers/nobody/features", (f, r) => f.GetAsync(r, "nobody", default));
        var malformed = await HttpInvocation.InvokeAsync<CustomerFeaturesFunction>(Services, "GET", "/api/customers/%01/features", (f, r) => f.GetAsync(r, "\u0001", default));

        Assert.Equal((200, KnownCustomer), (known.StatusCode, known.Json.GetProperty("customerId").GetString()));
        Assert.Equal((404, "application/problem+json"), (unknown.StatusCode, unknown.ContentType));
        Assert.Equal(400, malformed.StatusCode);
    }

    [Fact]
    public async Task CustomerScores_answers_live_batch_and_rejects_another_source()
    {
        var live = await HttpInvocation.InvokeAsync<CustomerScoresFunction>(Services, "GET", $"/api/customers/{KnownCustomer}/scores", (f, r) => f.GetAsync(r, KnownCustomer, default));
        var batch = await HttpInvocation.InvokeAsync<CustomerScoresFunction>(Services, "GET", $"/api/customers/{KnownCustomer}/scores?source=batch", (f, r) => f.GetAsync(r, KnownCustomer, default));
        var other = await HttpInvocation.InvokeAsync<CustomerScoresFunction>(Services, "GET", $"/api/customers/{KnownCustomer}/scores?source=cache", (f, r) => f.GetAsync(r, KnownCustomer, default));

        Assert.Equal((200, "live", served.Version), (live.StatusCode, live.Json.GetProperty("source").GetString(), live.Json.GetProperty("modelVersion").GetString()));
        Assert.Equal((200, "batch"), (batch.StatusCode, batch.Json.GetProperty("source").GetString()));
        Assert.Equal(400, other.StatusCode);
        Assert.Contains("cache", other.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScoreBatch_scores_in_request_order_and_counts_the_unknown()
    {
        var body = JsonSerializer.Serialize(new { customerIds = new[] { KnownCustomer, "nobody" } });

        var answer = await HttpInvocation.InvokeAsync<ScoreBatchFunction>(Services, "POST", "/api/scores/batch", (f, r) => f.PostAsync(r, default), body);
        var empty = await HttpInvocation.InvokeAsync<ScoreBatchFunction>(Services, "POST", "/api/scores/batch", (f, r) => f.PostAsync(r, default), "{\"customerIds\":[]}");

        Assert.Equal(200, answer.StatusCode);
        Assert.Equal((1, 1), (answer.Json.GetProperty("scored").GetInt32(), answer.Json.GetProperty("unknown").GetInt32()));
        Assert.Equal(["scored", "unknown"], answer.Json.GetProperty("results").EnumerateArray().Select(i => i.GetProperty("status").GetString()));
        Assert.Equal(400, empty.StatusCode);
    }

    [Fact]
    public async Task Segments_lists_the_serving_models_segments()
    {
        var answer = await HttpInvocation.InvokeAsync<SegmentsFunction>(Services, "GET", "/api/segments", (f, r) => f.GetAsync(r, CancellationToken.None));

        Assert.Equal(200, answer.StatusCode);
        Assert.Equal(served.Bundles.WithClassifier.Segments.Count, answer.Json.GetProperty("segments").GetArrayLength());
    }

    [Fact]
    public async Task SegmentCustomers_pages_an_audience_as_json_or_csv()
    {
        var segment = served.BatchScores.Segments.MaxBy(s => s.Count)!;
        var id = segment.SegmentId.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var json = await HttpInvocation.InvokeAsync<SegmentCustomersFunction>(Services, "GET", $"/api/segments/{id}/customers?limit=3", (f, r) => f.GetAsync(r, id, default));
        var csv = await HttpInvocation.InvokeAsync<SegmentCustomersFunction>(Services, "GET", $"/api/segments/{id}/customers?limit=3&format=csv", (f, r) => f.GetAsync(r, id, default));
        var bad = await HttpInvocation.InvokeAsync<SegmentCustomersFunction>(Services, "GET", "/api/segments/x/customers", (f, r) => f.GetAsync(r, "x", default));

        Assert.Equal(3, json.Json.GetProperty("customers").GetArrayLength());
        Assert.NotNull(json.Json.GetProperty("continuationToken").GetString());
        Assert.StartsWith("text/csv", csv.ContentType, StringComparison.Ordinal);
        Assert.Equal(4, csv.Body.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.True(csv.Context.Response.Headers.ContainsKey(SegmentCustomersFunction.ContinuationHeader));
        Assert.Equal(400, bad.StatusCode);
    }

    [Fact]
    public async Task EraseCustomer_is_idempotent_and_rejects_a_malformed_id()
    {
        var erased = await HttpInvocation.InvokeAsync<EraseCustomerFunction>(Services, "DELETE", "/api/customers/never-seen", (f, r) => f.DeleteAsync(r, "never-seen", default));
        var malformed = await HttpInvocation.InvokeAsync<EraseCustomerFunction>(Services, "DELETE", "/api/customers/%20", (f, r) => f.DeleteAsync(r, " ", default));

        Assert.Equal(204, erased.StatusCode);
        Assert.Equal(400, malformed.StatusCode);
    }

    [Fact]
    public async Task The_model_functions_list_show_and_promote_the_serving_version()
    {
        var list = await HttpInvocation.InvokeAsync<ListModelsFunction>(Services, "GET", "/api/models", (f, r) => f.GetAsync(r, default));
        var current = await HttpInvocation.InvokeAsync<CurrentModelFunction>(Services, "GET", "/api/models/current", (f, r) => f.GetAsync(r, default));
        var etag = current.Context.Response.Headers.ETag.ToString();
        var promoted = await HttpInvocation.InvokeAsync<PromoteModelFunction>(
            Services, "POST", $"/api/models/{served.Version}/promote?reason=direct", (f, r) => f.PostAsync(r, served.Version, default),
            headers: new Dictionary<string, string> { ["If-Match"] = etag });
        var unknown = await HttpInvocation.InvokeAsync<PromoteModelFunction>(
            Services, "POST", "/api/models/v20200101-000000-abc/promote", (f, r) => f.PostAsync(r, "v20200101-000000-abc", default));

        Assert.Equal(served.Version, list.Json.GetProperty("current").GetString());
        Assert.Equal(served.Version, current.Json.GetProperty("version").GetString());
        Assert.False(string.IsNullOrEmpty(etag));
        Assert.Equal((200, served.Version), (promoted.StatusCode, promoted.Json.GetProperty("version").GetString()));
        Assert.Equal(404, unknown.StatusCode);
    }

    [Fact]
    public async Task OpenApiDocument_describes_every_http_function()
    {
        var answer = await HttpInvocation.InvokeAsync<OpenApiDocumentFunction>(Services, "GET", OpenApiDocumentFunction.DocumentPath, (f, r) => Task.FromResult(f.Get(r)));

        Assert.Equal(200, answer.StatusCode);
        var operations = answer.Json.GetProperty("paths").EnumerateObject().SelectMany(p => p.Value.EnumerateObject()).Select(o => o.Value.GetProperty("operationId").GetString());
        Assert.Equal(Hosting.HttpFunctions.All.Select(f => f.Name).Order(), operations.Order());
    }
}
