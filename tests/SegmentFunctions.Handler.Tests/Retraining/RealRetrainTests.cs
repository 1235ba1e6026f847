using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using SegmentFunctions.Handler.Tests.Infrastructure;
using SegmentFunctions.Testing.Retraining;

namespace SegmentFunctions.Handler.Tests.Retraining;

/// <summary>
/// The handler as Program composes it (real retraining workflow, embedded SQLite features, local folder blobs, the
/// local Durable Task worker): POST /api/retrain on a small synthetic shop runs to Completed and the model it publishes serves.
/// </summary>
public sealed class RealRetrainTests
{
    [Fact]
    public async Task A_retrain_over_http_publishes_a_model_that_then_serves()
    {
        using var factory = new SmallModelHandlerFactory();
        using var client = factory.CreateClient();
        foreach (var document in RetrainShop.DocumentsAt(RetrainShop.T2))
        {
            await factory.FeatureStore.WriteAsync(document, null, CancellationToken.None);
        }

        using var start = await client.PostAsync("/api/retrain", HostPayloads.Content($$"""{"asOf":"{{RetrainShop.T2:O}}"}"""));
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

    /// <summary>Program's services with small model settings (as the retraining contract tests use), so a run takes seconds.</summary>
    private sealed class SmallModelHandlerFactory : HandlerFactory
    {
        protected override bool UseComposedServices => true;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Retraining:ChurnHorizonDays", RetrainShop.HorizonDays.ToString(System.Globalization.CultureInfo.InvariantCulture));
            builder.UseSetting("Retraining:Training:MaxComponents", "4");
            builder.UseSetting("Retraining:Training:Restarts", "1");
            builder.UseSetting("Retraining:Training:Seed", "11");
            builder.UseSetting("PromotionGate:MinSegmentCustomers", "5");
        }
    }
}
