using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SegmentFunctions.Application.Registry;
using SegmentFunctions.FunctionApp.Tests.Infrastructure;

namespace SegmentFunctions.FunctionApp.Tests.Models;

/// <summary>
/// GET /api/models, GET /api/models/current and POST /api/models/{version}/promote over the registry on the embedded
/// blob store, with the bundle check the function app registers (the bundle must load).
/// </summary>
public sealed class ModelsEndpointsTests(TrainedBundle bundle) : IClassFixture<TrainedBundle>, IDisposable
{
    private const string Older = "v20261120-030000-aaa111";
    private const string Newer = "v20261121-030000-bbb222";

    private readonly ComposedFunctionAppFactory _factory = new();

    private ModelRegistry Registry => _factory.Services.GetRequiredService<ModelRegistry>();

    [Fact]
    public async Task Before_any_publication_the_list_is_empty_and_nothing_is_current()
    {
        using var client = _factory.CreateClient();

        using var list = await client.GetAsync("/api/models");
        using var current = await client.GetAsync("/api/models/current");

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        using var body = JsonDocument.Parse(await list.Content.ReadAsStringAsync());
        Assert.Equal(JsonValueKind.Null, body.RootElement.GetProperty("current").ValueKind);
        Assert.Equal(0, body.RootElement.GetProperty("versions").GetArrayLength());
        await ProblemAssert.IsProblemAsync(current, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_list_holds_every_version_newest_first_with_metrics_and_the_serving_flag()
    {
        using var client = _factory.CreateClient();
        await PublishAsync(Older, 0.71);
        await PublishAsync(Newer, 0.74);
        await Registry.PromoteAsync(Newer, "gate passed", null, CancellationToken.None);

        using var response = await client.GetAsync("/api/models");

        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(Newer, body.RootElement.GetProperty("current").GetString());
        var versions = body.RootElement.GetProperty("versions").EnumerateArray().ToList();
        Assert.Equal([Newer, Older], versions.Select(v => v.GetProperty("version").GetString()));
        Assert.Equal([true, false], versions.Select(v => v.GetProperty("serving").GetBoolean()));
        Assert.Equal([0.74, 0.71], versions.Select(v => v.GetProperty("metrics").GetProperty("auc").GetDouble()));
        Assert.All(versions, v => Assert.Equal(bundle.Bytes.Length, v.GetProperty("bundleBytes").GetInt64()));
    }

    [Fact]
    public async Task Promoting_then_rolling_back_switches_the_serving_model_and_records_the_previous_one()
    {
        using var client = _factory.CreateClient();
        await PublishAsync(Older, 0.71);
        await PublishAsync(Newer, 0.74);

        using (var first = await client.PostAsync($"/api/models/{Older}/promote", null))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        using (var second = await client.PostAsync($"/api/models/{Newer}/promote?reason=weekly%20retrain", null))
        {
            Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        }

        using var rollback = await client.PostAsync($"/api/models/{Older}/promote?reason=rollback", null);

        Assert.Equal(HttpStatusCode.OK, rollback.StatusCode);
        using var body = JsonDocument.Parse(await rollback.Content.ReadAsStringAsync());
        Assert.Equal(Older, body.RootElement.GetProperty("version").GetString());
        Assert.Equal(Newer, body.RootElement.GetProperty("previousVersion").GetString());
        Assert.Equal("rollback", body.RootElement.GetProperty("reason").GetString());
        Assert.Equal(0.71, body.RootElement.GetProperty("metrics").GetProperty("auc").GetDouble());
        var current = await Registry.GetCurrentAsync(CancellationToken.None);
        Assert.Equal(Older, current!.Model.Version);
        Assert.Equal(current.ETag, rollback.Headers.ETag!.ToString());
    }

    [Fact]
    public async Task Current_answers_the_serving_model_with_its_etag()
    {
        using var client = _factory.CreateClient();
        await PublishAsync(Newer, 0.74);
        var promoted = await Registry.PromoteAsync(Newer, "cold start", null, CancellationToken.None);

        using var response = await client.GetAsync("/api/models/current");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(promoted.ETag, response.Headers.ETag!.ToString());
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(Newer, body.RootElement.GetProperty("version").GetString());
        Assert.Equal("cold start", body.RootElement.GetProperty("reason").GetString());
        Assert.Equal(JsonValueKind.Null, body.RootElement.GetProperty("previousVersion").ValueKind);
        Assert.True(body.RootElement.TryGetProperty("publishedAt", out _));
    }

    [Fact]
    public async Task If_match_with_the_current_etag_promotes_and_a_stale_one_is_a_409_that_changes_nothing()
    {
        using var client = _factory.CreateClient();
        await PublishAsync(Older, 0.71);
        await PublishAsync(Newer, 0.74);
        var seen = await Registry.PromoteAsync(Older, "cold start", null, CancellationToken.None);
        var stale = seen.ETag;

        using (var matching = await PromoteAsync(client, Newer, stale))
        {
            Assert.Equal(HttpStatusCode.OK, matching.StatusCode);
        }

        using var conflicting = await PromoteAsync(client, Older, stale);

        var problem = await ProblemAssert.IsProblemAsync(conflicting, HttpStatusCode.Conflict);
        Assert.Contains($"'{Newer}' serves now", problem, StringComparison.Ordinal);
        Assert.Equal(Newer, (await Registry.GetCurrentAsync(CancellationToken.None))!.Model.Version);
    }

    [Fact]
    public async Task An_unknown_version_is_a_404_and_a_malformed_one_a_400()
    {
        using var client = _factory.CreateClient();

        using var unknown = await client.PostAsync($"/api/models/{Newer}/promote", null);
        using var malformed = await client.PostAsync("/api/models/latest/promote", null);

        await ProblemAssert.IsProblemAsync(unknown, HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(malformed, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_bundle_that_does_not_load_is_a_422_and_the_serving_model_stays()
    {
        using var client = _factory.CreateClient();
        await PublishAsync(Older, 0.71);
        await Registry.PromoteAsync(Older, "cold start", null, CancellationToken.None);
        await Registry.PublishAsync(Newer, new MemoryStream([0x50, 0x4B, 0x03, 0x04, 1, 2, 3]), new JsonObject { ["auc"] = 0.9 }, CancellationToken.None);

        using var response = await client.PostAsync($"/api/models/{Newer}/promote", null);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.Contains(Newer, problem, StringComparison.Ordinal);
        Assert.Equal(Older, (await Registry.GetCurrentAsync(CancellationToken.None))!.Model.Version);
    }

    public void Dispose() => _factory.Dispose();

    private async Task PublishAsync(string version, double auc) =>
        await Registry.PublishAsync(version, new MemoryStream(bundle.Bytes), new JsonObject { ["auc"] = auc }, CancellationToken.None);

    private static Task<HttpResponseMessage> PromoteAsync(HttpClient client, string version, string ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/models/{version}/promote");
        request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(ifMatch));
        return client.SendAsync(request);
    }
}
