using System.Net;
using System.Text.Json;
using SegmentFunctions.Domain.Events;
using SegmentFunctions.FunctionApp.Tests.Infrastructure;
using SegmentFunctions.Testing;

namespace SegmentFunctions.FunctionApp.Tests;

/// <summary>
/// Host-shaped invocations of FeaturizeEvents on the composed app: the real featurizer folds them into the embedded
/// store, a bad body is dead-lettered, and the HTTP function serves the result. A replayed batch (the host's retry)
/// changes nothing.
/// </summary>
public sealed class FeaturizeEventsEndToEndTests(ComposedFunctionAppFactory factory) : IClassFixture<ComposedFunctionAppFactory>
{
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
        var partition = Guid.NewGuid().ToString("N");
        var bindingData = EventHubInvocation.BindingData(3, partitionId: partition, sequenceNumbers: [1, 2, 3], enqueuedTimes: [enqueued, enqueued, enqueued]);
        using var client = factory.CreateClient();

        await EventHubInvocation.InvokeAsync(factory.Services, bodies, bindingData);
        var afterFirst = await ReadFeaturesAsync(client, customer);
        await EventHubInvocation.InvokeAsync(factory.Services, bodies, bindingData);
        var afterReplay = await ReadFeaturesAsync(client, customer);

        var features = afterFirst.RootElement;
        Assert.Equal(customer, features.GetProperty("customerId").GetString());
        Assert.Equal(1, features.GetProperty("orders").GetInt32());
        Assert.Equal(30m, features.GetProperty("revenue").GetDecimal());
        Assert.Equal(1, features.GetProperty("eventCounts").GetProperty("purchase").GetInt64());
        Assert.Equal(1, features.GetProperty("eventCounts").GetProperty("page_view").GetInt64());
        Assert.Equal(features.GetRawText(), afterReplay.RootElement.GetRawText());
    }

    private static async Task<JsonDocument> ReadFeaturesAsync(HttpClient client, string customer)
    {
        using var response = await client.GetAsync(new Uri($"/api/customers/{customer}/features", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }
}
