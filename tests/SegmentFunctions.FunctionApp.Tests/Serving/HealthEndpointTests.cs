using System.Net;
using System.Text.Json;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.FunctionApp.Tests.Infrastructure;

namespace SegmentFunctions.FunctionApp.Tests.Serving;

public sealed class HealthEndpointTests(ServedFunctionAppFixture served) : IClassFixture<ServedFunctionAppFixture>
{
    private static readonly Uri Health = new("/api/health", UriKind.Relative);

    /// <summary>Sent with its Content-Length (one socket write per response), not chunked.</summary>
    [Fact]
    public async Task Health_reports_the_store_reachable_and_the_serving_version()
    {
        var response = await served.Client.GetAsync(Health);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), Assert.Single(response.Content.Headers.NonValidated["Content-Length"]));
        using var json = JsonDocument.Parse(body);
        Assert.Equal("healthy", json.RootElement.GetProperty("status").GetString());
        Assert.True(json.RootElement.GetProperty("storeReachable").GetBoolean());
        Assert.True(json.RootElement.GetProperty("modelLoaded").GetBoolean());
        Assert.Equal(served.Version, json.RootElement.GetProperty("modelVersion").GetString());
    }

    [Fact]
    public async Task Health_is_503_unhealthy_when_the_store_does_not_answer()
    {
        await using var factory = new FunctionAppFactory();
        factory.InMemoryStore.FailWith = new StoreUnavailableException("down");
        using var client = factory.CreateClient();

        var response = await client.GetAsync(Health);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("unhealthy", json.RootElement.GetProperty("status").GetString());
        Assert.False(json.RootElement.GetProperty("storeReachable").GetBoolean());
    }
}
