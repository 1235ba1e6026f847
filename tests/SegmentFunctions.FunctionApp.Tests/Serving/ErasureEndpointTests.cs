using System.Net;
using SegmentFunctions.FunctionApp.Tests.Infrastructure;
using SegmentFunctions.Testing;
using SegmentFunctions.Domain.Events;

namespace SegmentFunctions.FunctionApp.Tests.Serving;

/// <summary>Erasure through HTTP on the composed function app: the embedded store and suppression list, the real featurizer.</summary>
public sealed class ErasureEndpointTests : IAsyncLifetime
{
    private readonly ComposedFunctionAppFactory _factory = new();
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
    public async Task An_erased_customer_stays_gone_when_its_events_are_replayed_and_when_late_events_arrive()
    {
        var at = new DateTimeOffset(2025, 4, 1, 10, 0, 0, TimeSpan.Zero);
        string[] events =
        [
            TestEvents.ToJson(TestEvents.Make("e1", EventType.PageView, "erase-me", at, channel: "web")),
            TestEvents.ToJson(TestEvents.Purchase("e2", "erase-me", at.AddMinutes(5), "o1", 30m, category: "books", channel: "web")),
            TestEvents.ToJson(TestEvents.Make("e3", EventType.PageView, "keep-me", at, channel: "app")),
        ];
        var batch = EventHubInvocation.BindingData(3, sequenceNumbers: [1, 2, 3]);
        await EventHubInvocation.InvokeAsync(_factory.Services, events, batch);
        Assert.NotNull(await _factory.FeatureStore.ReadAsync("erase-me", CancellationToken.None));

        var erased = await _client.DeleteAsync(Uri("/api/customers/erase-me"));
        await EventHubInvocation.InvokeAsync(_factory.Services, events, batch);
        await EventHubInvocation.InvokeAsync(
            _factory.Services,
            [TestEvents.ToJson(TestEvents.Make("e9", EventType.PageView, "erase-me", at.AddDays(1), channel: "web"))],
            EventHubInvocation.BindingData(1, partitionId: "7", sequenceNumbers: [50]));

        Assert.Equal(HttpStatusCode.NoContent, erased.StatusCode);
        Assert.Null(await _factory.FeatureStore.ReadAsync("erase-me", CancellationToken.None));
        Assert.NotNull(await _factory.FeatureStore.ReadAsync("keep-me", CancellationToken.None));
        await ProblemAssert.IsProblemAsync(await _client.GetAsync(Uri("/api/customers/erase-me/features")), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Erasing_an_unknown_customer_is_idempotent_and_a_malformed_id_is_a_400_problem()
    {
        var first = await _client.DeleteAsync(Uri("/api/customers/never-seen"));
        var second = await _client.DeleteAsync(Uri("/api/customers/never-seen"));
        var malformed = await _client.DeleteAsync(Uri("/api/customers/a%01b"));

        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, second.StatusCode);
        await ProblemAssert.IsProblemAsync(malformed, HttpStatusCode.BadRequest);
    }

    private static Uri Uri(string path) => new(path, UriKind.Relative);
}
