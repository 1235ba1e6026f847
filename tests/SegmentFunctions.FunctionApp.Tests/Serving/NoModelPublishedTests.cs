using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SegmentFunctions.FunctionApp.Tests.Infrastructure;

namespace SegmentFunctions.FunctionApp.Tests.Serving;

/// <summary>Before the first promotion every score endpoint answers 503 with a clear title, and health says degraded.</summary>
public sealed class NoModelPublishedTests : IAsyncLifetime
{
    private readonly ComposedFunctionAppFactory _factory = new();
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _client = _factory.CreateClient();
        await ServingFunctionApp.SeedAsync(_factory, ServingBundles.Instance.Documents.Take(3));
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
    }

    [Theory]
    [InlineData("/api/customers/{0}/scores")]
    [InlineData("/api/customers/{0}/scores?source=batch")]
    [InlineData("/api/segments")]
    [InlineData("/api/segments/0/customers")]
    public async Task Score_endpoints_answer_503_no_model_has_been_published_yet(string template)
    {
        var path = string.Format(System.Globalization.CultureInfo.InvariantCulture, template, ServingBundles.Instance.Documents[0].CustomerId);

        var response = await _client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Contains("No model has been published yet.", await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable));
        Assert.NotNull(response.Headers.RetryAfter);
    }

    [Fact]
    public async Task Batch_scores_answer_503_and_health_is_degraded()
    {
        var batch = await _client.PostAsJsonAsync(new Uri("/api/scores/batch", UriKind.Relative), new { customerIds = new[] { "a" } });
        var health = await _client.GetAsync(new Uri("/api/health", UriKind.Relative));

        await ProblemAssert.IsProblemAsync(batch, HttpStatusCode.ServiceUnavailable);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        using var json = JsonDocument.Parse(await health.Content.ReadAsStringAsync());
        Assert.Equal("degraded", json.RootElement.GetProperty("status").GetString());
        Assert.False(json.RootElement.GetProperty("modelLoaded").GetBoolean());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("modelVersion").ValueKind);
    }

    [Fact]
    public async Task A_published_model_without_batch_scores_gives_404_for_batch_sources_only()
    {
        await ServingFunctionApp.ServeAsync(_factory, ServingBundles.Instance.Fallback);
        var id = ServingBundles.Instance.Documents[0].CustomerId;

        var live = await _client.GetAsync(new Uri($"/api/customers/{id}/scores", UriKind.Relative));
        var batch = await _client.GetAsync(new Uri($"/api/customers/{id}/scores?source=batch", UriKind.Relative));
        var audience = await _client.GetAsync(new Uri($"/api/segments/{ServingBundles.Instance.Fallback.Segments[0].Id}/customers", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        using var json = JsonDocument.Parse(await live.Content.ReadAsStringAsync());
        Assert.Equal("BgNbdFallback", json.RootElement.GetProperty("churn").GetProperty("method").GetString());
        Assert.Empty(json.RootElement.GetProperty("churn").GetProperty("drivers").EnumerateArray());
        Assert.Contains("No batch scores", await ProblemAssert.IsProblemAsync(batch, HttpStatusCode.NotFound));
        Assert.Contains("No batch scores", await ProblemAssert.IsProblemAsync(audience, HttpStatusCode.NotFound));
    }
}
