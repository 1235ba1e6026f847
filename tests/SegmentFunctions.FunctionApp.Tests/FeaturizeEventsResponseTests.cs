using SegmentFunctions.Application.Ports;
using SegmentFunctions.FunctionApp.Tests.Infrastructure;

namespace SegmentFunctions.FunctionApp.Tests;

/// <summary>
/// How FeaturizeEvents ends an invocation: returning lets the host checkpoint; throwing fails it, so the retry policy
/// replays the batch; an invocation that cannot be made into a batch is dead-lettered whole and acknowledged.
/// </summary>
public sealed class FeaturizeEventsResponseTests : IClassFixture<FunctionAppFactory>
{
    private const string Body = """{"id":"e1","type":"page_view","customerId":"c1","timestamp":"2025-05-01T10:00:00Z"}""";

    private readonly FunctionAppFactory _factory;

    public FeaturizeEventsResponseTests(FunctionAppFactory factory)
    {
        _factory = factory;
        _factory.Reset();
    }

    [Fact]
    public async Task A_processed_batch_returns()
    {
        await InvokeAsync([Body, Body], EventHubInvocation.BindingData(2, partitionId: "5"));

        var batch = Assert.Single(_factory.Processor.Batches);
        Assert.Equal(("customer-events", "5", 2), (batch.Source, batch.PartitionId, batch.Events.Count));
        Assert.Empty(_factory.DeadLetters.Letters);
    }

    [Fact]
    public async Task Store_unavailable_fails_the_invocation_so_the_host_replays_the_batch()
    {
        _factory.Processor.FailWith = new StoreUnavailableException("Cosmos DB is down.");

        await Assert.ThrowsAsync<StoreUnavailableException>(() => InvokeAsync([Body], EventHubInvocation.BindingData(1)));
        Assert.Single(_factory.Processor.Batches);
    }

    [Fact]
    public async Task Cancellation_fails_the_invocation()
    {
        _factory.Processor.FailWith = new OperationCanceledException();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => InvokeAsync([Body], EventHubInvocation.BindingData(1)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_invocation_without_bodies_is_dead_lettered_whole_and_acknowledged(bool nullBody)
    {
        string?[]? events = nullBody ? [Body, null] : null;

        await InvokeAsync(events, EventHubInvocation.BindingData(2, partitionId: "4"));

        Assert.Empty(_factory.Processor.Batches);
        var letter = Assert.Single(_factory.DeadLetters.Letters);
        Assert.StartsWith("FeaturizeEvents/sha256:", letter.Source);
        Assert.StartsWith("Malformed invocation", letter.Reason);
        using var invocation = System.Text.Json.JsonDocument.Parse(letter.RawBody);
        var partitionContext = invocation.RootElement.GetProperty("BindingData").GetProperty("PartitionContext").GetString()!;
        Assert.Contains("\"PartitionId\":\"4\"", partitionContext);
        Assert.False(invocation.RootElement.GetProperty("BindingData").TryGetProperty("sys", out _));
    }

    [Fact]
    public async Task The_same_malformed_invocation_gets_the_same_dead_letter_key()
    {
        await InvokeAsync(null, EventHubInvocation.BindingData(1, partitionId: "1", sequenceNumbers: [5]));
        await InvokeAsync(null, EventHubInvocation.BindingData(1, partitionId: "1", sequenceNumbers: [5]));
        await InvokeAsync(null, EventHubInvocation.BindingData(1, partitionId: "1", sequenceNumbers: [6]));

        var sources = _factory.DeadLetters.Letters.Select(l => l.Source).ToArray();
        Assert.Equal(3, sources.Length);
        Assert.Equal(sources[0], sources[1]);
        Assert.NotEqual(sources[0], sources[2]);
    }

    [Fact]
    public async Task A_malformed_invocation_that_cannot_be_dead_lettered_fails()
    {
        _factory.DeadLetters.FailWith = new StoreUnavailableException("Blob storage is down.");

        await Assert.ThrowsAsync<StoreUnavailableException>(() => InvokeAsync(null, EventHubInvocation.BindingData(1)));
    }

    private Task InvokeAsync(string?[]? events, Dictionary<string, object?> bindingData) =>
        EventHubInvocation.InvokeAsync(_factory.Services, events!, bindingData);
}
