using System.Net;
using System.Text.Json;
using SegmentFunctions.Domain.Events;
using SegmentFunctions.Handler.Tests.Infrastructure;
using SegmentFunctions.Testing;

namespace SegmentFunctions.Handler.Tests;

/// <summary>
/// Host-shaped invocations through the composed handler: the real featurizer folds them into the embedded store, and
/// the forwarded HTTP function serves the result. A replayed batch (the host's retry) changes nothing.
/// </summary>
public sealed class FeaturizeEventsEndToEndTests : IClassFixture<ComposedHandlerFactory>
{
    private readonly HttpClient _client;

    public FeaturizeEventsEndToEndTests(ComposedHandlerFactory factory) => _client = factory.CreateClient();

    [Fact]
    public async Task A_host_batch_is_featurized_served_and_idempotent_when_replayed()
    {
        var customer = $"e2e-{Guid.NewGuid():N}";
        var at = TestEvents.Epoch;
        string[] bodies =
        [
            TestEvents.ToJson(TestEvents.Purchase($"{customer}-1", customer, at, orderId: $"{customer}-o1", amount: 30m)),
            TestEvents.ToJson(TestEvents.Make($"{customer}-2", EventType.PageView, customer, at.AddMinutes(5))),
            "not an event at all",
        ];
        // Enqueued after the events happened, written without an offset as the host does.
        var enqueued = at.AddHours(1).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
        var payload = HostPayloads.EventHubBatch(bodies, partitionId: "0", sequenceNumbers: [1, 2, 3], enqueuedTimes: [enqueued, enqueued, enqueued]);

        var first = await PostAsync(payload);
        var replay = await PostAsync(payload);

        Assert.Contains("received 3, applied 2, duplicates 0, dead-lettered 1", first);
        Assert.Contains("applied 0, duplicates 2", replay);

        using var response = await _client.GetAsync($"/api/customers/{customer}/features");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var features = json.RootElement;
        Assert.Equal(customer, features.GetProperty("customerId").GetString());
        Assert.Equal(1, features.GetProperty("orders").GetInt32());
        Assert.Equal(30m, features.GetProperty("revenue").GetDecimal());
        Assert.Equal(1, features.GetProperty("eventCounts").GetProperty("purchase").GetInt64());
        Assert.Equal(1, features.GetProperty("eventCounts").GetProperty("page_view").GetInt64());
    }

    private async Task<string> PostAsync(string payload)
    {
        using var response = await _client.PostAsync("/FeaturizeEvents", HostPayloads.Content(payload));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return Assert.Single(json.RootElement.GetProperty("Logs").EnumerateArray()).GetString()!;
    }
}
