using System.Net;
using System.Text.Json;
using System.Text;
using SegmentFunctions.Application.Retraining.Runs;
using SegmentFunctions.FunctionApp.Tests.Infrastructure;
using SegmentFunctions.Retraining;

namespace SegmentFunctions.FunctionApp.Tests.Retraining;

/// <summary>POST /api/retrain and GET /api/retrain/{runId}, the HTTP functions RetrainStart and RetrainStatus, through `segment serve`.</summary>
public sealed class RetrainStartAndStatusTests : IDisposable
{
    private readonly RetrainFunctionAppFactory _factory = new();
    private readonly HttpClient _client;

    public RetrainStartAndStatusTests() => _client = _factory.CreateClient();

    [Fact]
    public async Task Start_answers_202_with_the_status_url_in_location_and_body_and_starts_the_run()
    {
        using var response = await _client.PostAsync("/api/retrain", null);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var id = body.RootElement.GetProperty("id").GetString();
        Assert.True(RetrainRunIds.IsValid(id), id);
        Assert.Equal($"/api/retrain/{id}", response.Headers.Location!.OriginalString);
        Assert.Equal($"/api/retrain/{id}", body.RootElement.GetProperty("statusQueryGetUri").GetString());
        Assert.True(body.RootElement.GetProperty("created").GetBoolean());
        Assert.Equal(JsonValueKind.Null, body.RootElement.GetProperty("durable").ValueKind);
        Assert.NotNull(response.Headers.RetryAfter);

        var status = await _factory.StatusAsync(id!);
        Assert.Equal("http", status!.Input!.Value.GetProperty("trigger").GetString());
    }

    [Fact]
    public async Task A_second_start_while_a_run_is_active_returns_that_run()
    {
        _factory.Steps.HoldTrain = true;
        var first = await StartAsync();
        using var second = await _client.PostAsync("/api/retrain", null);

        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        using var body = JsonDocument.Parse(await second.Content.ReadAsStringAsync());
        Assert.Equal(first, body.RootElement.GetProperty("id").GetString());
        Assert.False(body.RootElement.GetProperty("created").GetBoolean());
        Assert.Single(await _factory.ListRunsAsync());
    }

    [Fact]
    public async Task A_json_body_sets_force_and_as_of_of_the_run()
    {
        using var response = await _client.PostAsync("/api/retrain", Json("""{"force":true,"asOf":"2026-07-01T00:00:00Z"}"""));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var status = await _factory.StatusAsync(body.RootElement.GetProperty("id").GetString()!);
        var input = status!.Input!.Value;
        Assert.True(input.GetProperty("force").GetBoolean());
        Assert.Equal(new DateTimeOffset(2026, 7, 1, 0, 0, 0, TimeSpan.Zero), input.GetProperty("asOf").GetDateTimeOffset());
    }

    [Theory]
    [InlineData("{\"force\":")]
    [InlineData("null")]
    [InlineData("{\"force\":\"yes\"}")]
    public async Task A_malformed_body_is_a_400_problem_and_starts_nothing(string body)
    {
        using var response = await _client.PostAsync("/api/retrain", Json(body));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Empty(await _factory.ListRunsAsync());
    }

    [Fact]
    public async Task Status_urls_never_take_the_host_a_caller_sends()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/retrain");
        request.Headers.Host = "attacker.example";
        request.Headers.Add("X-Forwarded-Proto", "https");

        using var response = await _client.SendAsync(request);

        Assert.False(response.Headers.Location!.IsAbsoluteUri);
        Assert.DoesNotContain("attacker.example", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_the_apps_host_name_configured_status_urls_are_absolute_on_it()
    {
        await using var factory = new RetrainFunctionAppFactory
        {
            Settings = new Dictionary<string, string?> { [RetrainStatusUrl.HostNameSetting] = "segfn-app.azurewebsites.net" },
        };
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/retrain");
        request.Headers.Host = "attacker.example";

        using var response = await client.SendAsync(request);

        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var id = body.RootElement.GetProperty("id").GetString();
        Assert.Equal(new Uri($"https://segfn-app.azurewebsites.net/api/retrain/{id}"), response.Headers.Location);
        Assert.Equal($"https://segfn-app.azurewebsites.net/api/retrain/{id}", body.RootElement.GetProperty("statusQueryGetUri").GetString());
    }

    [Fact]
    public async Task An_active_run_answers_202_with_its_status_document_and_where_to_poll()
    {
        _factory.Steps.HoldTrain = true;
        var id = await StartAsync();

        using var response = await _client.GetAsync($"/api/retrain/{id}");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal($"/api/retrain/{id}", response.Headers.Location!.OriginalString);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(id, body.RootElement.GetProperty("id").GetString());
        Assert.Contains(body.RootElement.GetProperty("runtimeStatus").GetString(), new[] { "Pending", "Running" });
        Assert.False(body.RootElement.GetProperty("isTerminal").GetBoolean());
        Assert.Equal("Retrain", body.RootElement.GetProperty("name").GetString());
        Assert.True(body.RootElement.TryGetProperty("createdTime", out _));
    }

    [Fact]
    public async Task A_completed_run_answers_200_with_output_and_last_step()
    {
        var id = await StartAsync();

        using var response = await PollUntilFinishedAsync(id);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(response.Headers.Location);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = body.RootElement;
        Assert.Equal("Completed", root.GetProperty("runtimeStatus").GetString());
        Assert.Equal("model from prepared for http", root.GetProperty("output").GetProperty("model").GetString());
        Assert.Equal("train", root.GetProperty("customStatus").GetProperty("step").GetString());
        Assert.Equal(0.75, root.GetProperty("customStatus").GetProperty("progress").GetDouble());
        Assert.False(root.TryGetProperty("failure", out _));
    }

    [Fact]
    public async Task A_failed_run_answers_200_with_the_failed_step_and_error()
    {
        _factory.Steps.TrainFailsWith = new InvalidDataException("the snapshot has no customers");
        var id = await StartAsync();

        using var response = await PollUntilFinishedAsync(id);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var failure = body.RootElement.GetProperty("failure");
        Assert.Equal("Failed", body.RootElement.GetProperty("runtimeStatus").GetString());
        Assert.Equal("train", failure.GetProperty("step").GetString());
        Assert.Equal(nameof(InvalidDataException), failure.GetProperty("errorType").GetString());
        Assert.Contains("the snapshot has no customers", failure.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_run_is_a_404_problem()
    {
        using var response = await _client.GetAsync("/api/retrain/20261122T030000000Z-000000000000");

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Contains("20261122T030000000Z-000000000000", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not-a-run")]
    [InlineData("..%2F..%2Fmodels%2Fcurrent.json")]
    [InlineData("20261122T030000000Z-1A2B3C4D5E6F")]
    public async Task A_malformed_run_id_is_a_400_problem(string runId)
    {
        using var response = await _client.GetAsync($"/api/retrain/{runId}");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
    }

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
    }

    /// <summary>The status response once the run is terminal (200), polled as a client would.</summary>
    private async Task<HttpResponseMessage> PollUntilFinishedAsync(string id)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        while (true)
        {
            var response = await _client.GetAsync($"/api/retrain/{id}", deadline.Token);
            if (response.StatusCode != HttpStatusCode.Accepted)
            {
                return response;
            }

            response.Dispose();
            await Task.Delay(TimeSpan.FromMilliseconds(100), deadline.Token);
        }
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private async Task<string> StartAsync()
    {
        using var response = await _client.PostAsync("/api/retrain", null);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("id").GetString()!;
    }
}
