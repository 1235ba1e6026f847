using System.Net;
using System.Text.Json;
using SegmentFunctions.Domain.Features;
using SegmentFunctions.FunctionApp.Tests.Infrastructure;
using SegmentFunctions.OpenApi;

namespace SegmentFunctions.FunctionApp.Tests.Serving;

/// <summary>
/// The OpenAPI document's schema of <c>GET /api/customers/{id}/features</c> is the body the function answers: a
/// document with every property set, read through the function on the embedded store, has exactly the properties the
/// schema lists, at every level.
/// </summary>
public sealed class CustomerFeaturesOpenApiSchemaTests(ComposedFunctionAppFactory factory) : IClassFixture<ComposedFunctionAppFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task The_documented_features_schema_has_exactly_the_properties_of_an_answer()
    {
        var customerId = $"cust-{Guid.NewGuid():N}";
        Assert.True((await factory.FeatureStore.WriteAsync(EveryPropertySet(customerId), null, CancellationToken.None)).Succeeded);

        using var answer = await _client.GetAsync($"/api/customers/{customerId}/features");
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        using var body = JsonDocument.Parse(await answer.Content.ReadAsStringAsync());
        using var document = JsonDocument.Parse(await _client.GetStringAsync(new Uri(OpenApiDocumentFunction.DocumentPath, UriKind.Relative)));
        var schema = document.RootElement.GetProperty("paths").GetProperty("/api/customers/{id}/features").GetProperty("get")
            .GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema");

        AssertSameProperties("$", schema, body.RootElement);
    }

    private static void AssertSameProperties(string path, JsonElement schema, JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Object && schema.TryGetProperty("properties", out var properties))
        {
            var documented = properties.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToList();
            var answered = value.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToList();
            Assert.True(documented.SequenceEqual(answered), $"{path}: documented [{string.Join(", ", documented)}], answered [{string.Join(", ", answered)}]");
            foreach (var property in value.EnumerateObject())
            {
                AssertSameProperties($"{path}.{property.Name}", properties.GetProperty(property.Name), property.Value);
            }
        }
        else if (value.ValueKind == JsonValueKind.Array && schema.TryGetProperty("items", out var items))
        {
            foreach (var item in value.EnumerateArray())
            {
                AssertSameProperties($"{path}[]", items, item);
            }
        }
    }

    /// <summary>Nulls are left out of an answer, so every nullable property holds a value.</summary>
    private static CustomerFeatures EveryPropertySet(string customerId)
    {
        var day = new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);
        var features = new CustomerFeatures
        {
            CustomerId = customerId,
            EventCounts = { ["purchase"] = 2, ["page_view"] = 9 },
            Orders = 2,
            Revenue = 80m,
            Refunds = 1,
            RefundAmount = 10m,
            ItemsPurchased = 3,
            Currency = "EUR",
            FirstSeenAt = day,
            LastSeenAt = day.AddDays(9),
            FirstPurchaseAt = day,
            LastPurchaseAt = day.AddDays(9),
            PurchaseDays = [new PurchaseDay(DateOnly.FromDateTime(day.UtcDateTime), 30m, 1), new PurchaseDay(DateOnly.FromDateTime(day.UtcDateTime.AddDays(9)), 50m, 1)],
            InterPurchaseGaps = new GapStatistics(1, 9, 0, 9, 9),
            Categories = { ["shoes"] = 3 },
            Channels = { ["web"] = 11 },
            Decay = new DecayedActivity { AsOf = day.AddDays(9) },
        };
        features.Processing.Watermarks["customer-events/0"] = 11;
        return features;
    }
}
