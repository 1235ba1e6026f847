using System.Net;
using System.Text.Json;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Domain.Features;
using SegmentFunctions.FunctionApp.Tests.Infrastructure;

namespace SegmentFunctions.FunctionApp.Tests;

/// <summary>
/// GET /api/customers/{id}/features as the host forwards it (public path, route prefix included). The tests seed and
/// read through <see cref="IFeatureStore"/> only, so they run on any store: a subclass picks the factory.
/// </summary>
public abstract class CustomerFeaturesEndpointTests<TFactory> : IClassFixture<TFactory>
    where TFactory : FunctionAppFactory
{
    private readonly FunctionAppFactory _factory;
    private readonly HttpClient _client;

    protected CustomerFeaturesEndpointTests(TFactory factory)
    {
        _factory = factory;
        _factory.Reset();
        _client = factory.CreateClient();
    }

    [Fact]
    public async Task Known_customer_answers_200_with_the_camel_case_feature_document()
    {
        var customerId = $"cust-{Guid.NewGuid():N}";
        var features = new CustomerFeatures
        {
            CustomerId = customerId,
            Orders = 3,
            Revenue = 123.45m,
            EventCounts = { ["purchase"] = 3, ["page_view"] = 10 },
            LastPurchaseAt = new DateTimeOffset(2025, 5, 1, 10, 0, 0, TimeSpan.Zero),
        };
        Assert.True((await _factory.FeatureStore.WriteAsync(features, null, CancellationToken.None)).Succeeded);

        using var response = await _client.GetAsync($"/api/customers/{customerId}/features");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        Assert.Equal(customerId, root.GetProperty("id").GetString());
        Assert.Equal(customerId, root.GetProperty("customerId").GetString());
        Assert.Equal(3, root.GetProperty("orders").GetInt32());
        Assert.Equal(123.45m, root.GetProperty("revenue").GetDecimal());
        Assert.Equal(10, root.GetProperty("eventCounts").GetProperty("page_view").GetInt64());
        Assert.False(root.TryGetProperty("CustomerId", out _));
    }

    /// <summary>The endpoint is a serving read: the de-duplication state is the featurizer's, not part of the answer.</summary>
    [Fact]
    public async Task The_document_is_answered_without_its_processing_state()
    {
        var customerId = $"cust-{Guid.NewGuid():N}";
        var features = new CustomerFeatures { CustomerId = customerId, Orders = 1 };
        features.Processing.Watermarks["customer-events/0"] = 42;
        features.Processing.Watermarks["file/sha256-0123456789abcdef0123456789abcdef"] = 7;
        Assert.True((await _factory.FeatureStore.WriteAsync(features, null, CancellationToken.None)).Succeeded);

        using var response = await _client.GetAsync($"/api/customers/{customerId}/features");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        using var json = JsonDocument.Parse(text);
        Assert.Equal(1, json.RootElement.GetProperty("orders").GetInt32());
        Assert.False(json.RootElement.TryGetProperty("processing", out _), text);
        Assert.DoesNotContain("sha256-", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_customer_answers_404_problem_details()
    {
        using var response = await _client.GetAsync($"/api/customers/nobody-{Guid.NewGuid():N}/features");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("%20")]
    [InlineData("a%01b")]
    [InlineData("line%0Abreak")]
    public async Task Malformed_customer_id_answers_400_problem_details(string id)
    {
        using var response = await _client.GetAsync($"/api/customers/{id}/features");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Customer_id_longer_than_256_characters_answers_400()
    {
        using var ok = await _client.GetAsync($"/api/customers/{new string('a', 256)}/features");
        using var tooLong = await _client.GetAsync($"/api/customers/{new string('a', 257)}/features");

        Assert.Equal(HttpStatusCode.NotFound, ok.StatusCode);
        await ProblemAssert.IsProblemAsync(tooLong, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Empty_customer_id_matches_no_route_and_answers_404_problem_details()
    {
        using var response = await _client.GetAsync("/api/customers//features");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
    }
}
