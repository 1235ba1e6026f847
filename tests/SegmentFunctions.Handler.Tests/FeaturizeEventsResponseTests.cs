using System.Net;
using System.Text.Json;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Handler.Tests.Infrastructure;

namespace SegmentFunctions.Handler.Tests;

/// <summary>What POST /FeaturizeEvents answers, given that the host acts only on 2xx versus anything else.</summary>
public sealed class FeaturizeEventsResponseTests : IClassFixture<HandlerFactory>
{
    private const string Body = """{"id":"e1","type":"page_view","customerId":"c1","timestamp":"2025-05-01T10:00:00Z"}""";

    private readonly HandlerFactory _factory;
    private readonly HttpClient _client;

    public FeaturizeEventsResponseTests(HandlerFactory factory)
    {
        _factory = factory;
        _factory.Reset();
        _client = factory.CreateClient();
    }

    [Fact]
    public async Task A_processed_batch_answers_200_with_the_hosts_response_shape_and_a_summary_log()
    {
        using var response = await PostAsync(HostPayloads.EventHubBatch([Body, Body.Replace("e1", "e2")], partitionId: "5"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        Assert.Equal(["Outputs", "Logs", "ReturnValue"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.Object, root.GetProperty("Outputs").ValueKind);
        Assert.Empty(root.GetProperty("Outputs").EnumerateObject());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("ReturnValue").ValueKind);
        var log = Assert.Single(root.GetProperty("Logs").EnumerateArray()).GetString();
        Assert.Contains("customer-events/5", log);
        Assert.Contains("received 2", log);
        Assert.Contains("applied 2", log);
    }

    [Fact]
    public async Task Store_unavailable_fails_the_invocation_with_500_so_the_host_replays_the_batch()
    {
        _factory.Processor.FailWith = new StoreUnavailableException("Cosmos DB answered 503 three times.");

        using var response = await PostAsync(HostPayloads.EventHubBatch([Body]));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Single(_factory.Processor.Batches);
    }

    [Fact]
    public async Task Cancellation_fails_the_invocation_with_500()
    {
        _factory.Processor.FailWith = new OperationCanceledException();

        using var response = await PostAsync(HostPayloads.EventHubBatch([Body]));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
    }

    [Fact]
    public async Task An_unexpected_failure_fails_the_invocation_without_exposing_a_stack_trace()
    {
        _factory.Processor.FailWith = new InvalidOperationException("secret internals");

        using var response = await PostAsync(HostPayloads.EventHubBatch([Body]));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("secret internals", text);
        Assert.DoesNotContain(" at ", text);
    }

    [Theory]
    [InlineData("this is not JSON")]
    [InlineData("""{"Metadata":{}}""")]
    [InlineData("""{"Data":{"events":null,"other":1}}""")]
    [InlineData("null")]
    public async Task A_malformed_envelope_is_dead_lettered_whole_and_acknowledged(string payload)
    {
        using var response = await PostAsync(payload);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(_factory.Processor.Batches);
        var letter = Assert.Single(_factory.DeadLetters.Letters);
        Assert.Equal(payload, letter.RawBody);
        Assert.StartsWith("FeaturizeEvents/sha256:", letter.Source);
        Assert.StartsWith("Malformed invocation payload", letter.Reason);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("dead-lettered", Assert.Single(json.RootElement.GetProperty("Logs").EnumerateArray()).GetString());
    }

    [Fact]
    public async Task The_same_malformed_envelope_gets_the_same_dead_letter_key()
    {
        using var first = await PostAsync("not JSON");
        using var second = await PostAsync("not JSON");
        using var other = await PostAsync("not JSON either");

        var sources = _factory.DeadLetters.Letters.Select(l => l.Source).ToArray();
        Assert.Equal(sources[0], sources[1]);
        Assert.NotEqual(sources[0], sources[2]);
    }

    [Fact]
    public async Task A_malformed_envelope_that_cannot_be_dead_lettered_fails_the_invocation()
    {
        _factory.DeadLetters.FailWith = new StoreUnavailableException("Blob storage is down.");

        using var response = await PostAsync("not JSON");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
    }

    [Fact]
    public async Task Readiness_probe_answers()
    {
        using var response = await _client.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private Task<HttpResponseMessage> PostAsync(string payload) => _client.PostAsync("/FeaturizeEvents", HostPayloads.Content(payload));
}
