using System.Reflection;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using SegmentFunctions.Application.Retraining.Runs;
using SegmentFunctions.FunctionApp.Tests.Retraining;
using SegmentFunctions.Retraining;

namespace SegmentFunctions.FunctionApp.Tests.DirectInvocation;

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
        Assert.Equal($"/api/retrain/{runId}", start.Json.GetProperty("statusQueryGetUri").GetString());
        // The local Durable Task client has no Functions host behind it, so no runtime webhooks to link to.
        Assert.Equal(JsonValueKind.Null, start.Json.GetProperty("durable").ValueKind);
        Assert.Equal(200, status.StatusCode);
        Assert.Equal("Completed", status.Json.GetProperty("runtimeStatus").GetString());
        Assert.True(status.Json.GetProperty("input").GetProperty("force").GetBoolean());
    }

    [Fact]
    public async Task Under_the_functions_host_a_start_also_links_durables_own_management_api()
    {
        const string baseUrl = "https://segment-func.azurewebsites.net/runtime/webhooks/durabletask";
        const string query = "taskHub=SegmentRetrain&connection=Storage&code=system-key";
        var client = FunctionsBindingClient(_factory.Client, query, baseUrl);

        var start = await HttpInvocation.InvokeAsync<RetrainStartFunction>(
            _factory.Services, "POST", "/api/retrain", (f, r) => f.PostAsync(r, client, default));

        Assert.Equal(202, start.StatusCode);
        var runId = start.Json.GetProperty("id").GetString()!;
        Assert.Equal($"/api/retrain/{runId}", start.Context.Response.Headers.Location.ToString());
        Assert.Equal($"/api/retrain/{runId}", start.Json.GetProperty("statusQueryGetUri").GetString());
        var durable = start.Json.GetProperty("durable");
        var instance = $"{baseUrl}/instances/{runId}";
        Assert.Equal(runId, durable.GetProperty("id").GetString());
        Assert.Equal($"{instance}?{query}", durable.GetProperty("statusQueryGetUri").GetString());
        Assert.Equal($"{instance}?{query}", durable.GetProperty("purgeHistoryDeleteUri").GetString());
        Assert.Equal($"{instance}/raiseEvent/{{eventName}}?{query}", durable.GetProperty("sendEventPostUri").GetString());
        Assert.Equal($"{instance}/terminate?reason={{text}}&{query}", durable.GetProperty("terminatePostUri").GetString());
        Assert.Equal($"{instance}/suspend?reason={{text}}&{query}", durable.GetProperty("suspendPostUri").GetString());
        Assert.Equal($"{instance}/resume?reason={{text}}&{query}", durable.GetProperty("resumePostUri").GetString());
        Assert.Equal(RetrainRuntimeStatus.Completed, (await _factory.Runs.WaitForCompletionAsync(_factory.Client, runId, null, CancellationToken.None)).RuntimeStatus);
    }

    /// <summary>
    /// The client the <c>[DurableClient]</c> binding gives under the Functions host: the package's own wrapper
    /// (internal) around the task hub's client, holding the HTTP base URL and the system-key query string the host
    /// sends in the binding's payload (its further, optional services left out). Built here as the binding's
    /// converter builds it, since no Functions host runs here.
    /// </summary>
    private static DurableTaskClient FunctionsBindingClient(DurableTaskClient inner, string queryString, string baseUrl)
    {
        var type = typeof(HttpManagementPayload).Assembly.GetType("Microsoft.Azure.Functions.Worker.FunctionsDurableTaskClient", throwOnError: true)!;
        var constructor = type.GetConstructors(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance)
            .Single(c => c.GetParameters() is [{ ParameterType: var client }, { ParameterType: var query }, { ParameterType: var url }, ..]
                && client == typeof(DurableTaskClient) && query == typeof(string) && url == typeof(string));
        object?[] arguments = [inner, queryString, baseUrl, .. new object?[constructor.GetParameters().Length - 3]];
        return (DurableTaskClient)constructor.Invoke(arguments);
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
