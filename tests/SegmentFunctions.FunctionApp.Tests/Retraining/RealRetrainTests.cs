using System.Net;
using System.Text.Json;
using System.Text;
using SegmentFunctions.FunctionApp.Tests.Infrastructure;
using SegmentFunctions.Testing.Retraining;

namespace SegmentFunctions.FunctionApp.Tests.Retraining;

/// <summary>
/// The function app as `segment serve` composes it (real retraining workflow, embedded SQLite features, local folder
/// blobs, the local Durable Task host): POST /api/retrain on a small synthetic shop runs to Completed and the model it
/// publishes serves.
/// </summary>
public sealed class RealRetrainTests
{
    [Fact]
    public async Task A_retrain_over_http_publishes_a_model_that_then_serves()
    {
        await using var factory = new SmallModelFunctionAppFactory();
        using var client = factory.CreateClient();
        foreach (var document in RetrainShop.DocumentsAt(RetrainShop.T2))
        {
            await factory.FeatureStore.WriteAsync(document, null, CancellationToken.None);
        }

        using var start = await client.PostAsync("/api/retrain", new StringContent($$"""{"asOf":"{{RetrainShop.T2:O}}"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var status = await PollUntilFinishedAsync(client, start.Headers.Location!);

        Assert.True(status.GetProperty("runtimeStatus").GetString() == "Completed", status.GetRawText());
        var output = status.GetProperty("output");
        Assert.Equal("Published", output.GetProperty("outcome").GetString());
        var version = output.GetProperty("modelVersion").GetString();
        using var current = await client.GetAsync("/api/models/current");
        using var body = JsonDocument.Parse(await current.Content.ReadAsStringAsync());
        Assert.Equal(version, body.RootElement.GetProperty("version").GetString());
        using var list = JsonDocument.Parse(await client.GetStringAsync("/api/models"));
        Assert.Equal(version, list.RootElement.GetProperty("versions")[0].GetProperty("version").GetString());
    }

    private static async Task<JsonElement> PollUntilFinishedAsync(HttpClient client, Uri statusUrl)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        while (true)
        {
            using var response = await client.GetAsync(statusUrl, deadline.Token);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return JsonDocument.Parse(await response.Content.ReadAsStringAsync(deadline.Token)).RootElement.Clone();
            }

            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            await Task.Delay(TimeSpan.FromMilliseconds(200), deadline.Token);
        }
    }
}
