using SegmentFunctions.Handler.Tests.Retraining;
using SegmentFunctions.Retraining;

namespace SegmentFunctions.Handler.Tests.DirectInvocation;

/// <summary>RetrainStart and RetrainStatus called directly with a real HttpContext and the Durable client, as the worker calls them.</summary>
public sealed class RetrainHttpFunctionsDirectTests : IAsyncLifetime
{
    private readonly RetrainFunctionAppFactory _factory = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task A_start_answers_202_with_where_to_poll_and_the_status_follows_the_run()
    {
        var start = await HttpInvocation.InvokeAsync<RetrainStartFunction>(
            _factory.Services, "POST", "/api/retrain", (f, r) => f.PostAsync(r, _factory.Client, default), body: """{"force":true}""");
        var runId = start.Json.GetProperty("id").GetString()!;
        await _factory.Runs.WaitForCompletionAsync(_factory.Client, runId, null, CancellationToken.None);
        var status = await HttpInvocation.InvokeAsync<RetrainStatusFunction>(
            _factory.Services, "GET", $"/api/retrain/{runId}", (f, r) => f.GetAsync(r, runId, _factory.Client, default));

        Assert.Equal(202, start.StatusCode);
        Assert.Equal($"/api/retrain/{runId}", start.Context.Response.Headers.Location.ToString());
        Assert.Equal(RetrainPolling.PollAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), start.Context.Response.Headers.RetryAfter.ToString());
        Assert.True(start.Json.GetProperty("created").GetBoolean());
        Assert.Equal(200, status.StatusCode);
        Assert.Equal("Completed", status.Json.GetProperty("runtimeStatus").GetString());
        Assert.True(status.Json.GetProperty("input").GetProperty("force").GetBoolean());
    }

    [Theory]
    [InlineData("not-a-run", 400)]
    [InlineData("20261122T030000000Z-000000000000", 404)]
    public async Task A_malformed_or_unknown_run_is_a_problem(string runId, int expected)
    {
        var status = await HttpInvocation.InvokeAsync<RetrainStatusFunction>(
            _factory.Services, "GET", $"/api/retrain/{runId}", (f, r) => f.GetAsync(r, runId, _factory.Client, default));

        Assert.Equal((expected, "application/problem+json"), (status.StatusCode, status.ContentType));
    }
}
