using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SegmentFunctions.Application.Serving;
using SegmentFunctions.FunctionApp.Tests.Infrastructure;

namespace SegmentFunctions.FunctionApp.Tests.Serving;

/// <summary>
/// A promotion while requests are in flight: the background refresher (polling every 20 ms) loads the new bundle and
/// swaps it in. No request fails, and every response is wholly one version: its segment probabilities are exactly the
/// segments of the version it names (the two bundles have different segment counts). Each client, sending one request
/// after another, never sees the old version again once it has seen the new one.
/// </summary>
public sealed class HotReloadTests : IAsyncLifetime
{
    private const int Clients = 8;
    private readonly PollingFunctionAppFactory _factory = new();
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _client = _factory.CreateClient();
        await ServingFunctionApp.SeedAsync(_factory, ServingBundles.Instance.Documents.Take(50));
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
    }

    [Fact]
    public async Task Requests_during_a_promotion_all_succeed_and_none_mixes_two_versions()
    {
        var bundles = ServingBundles.Instance;
        var holder = _factory.Services.GetRequiredService<ServingModelHolder>();
        var v1 = await ServingFunctionApp.PublishAsync(_factory, bundles.WithClassifier);
        await WaitForAsync(() => holder.Current?.Version == v1);
        var segmentsOf = new Dictionary<string, int[]> { [v1] = [.. bundles.WithClassifier.SegmentIds] };
        var ids = bundles.Documents.Take(50).Select(d => d.CustomerId).ToArray();
        var failures = new ConcurrentQueue<string>();
        var seen = new ConcurrentQueue<(int Client, int Sequence, string Version, int[] Segments)>();
        using var stop = new CancellationTokenSource();

        var hammering = Enumerable.Range(0, Clients).Select(client => Task.Run(async () =>
        {
            for (var sequence = 0; !stop.IsCancellationRequested; sequence++)
            {
                var id = ids[(client * 7 + sequence) % ids.Length];
                var batch = sequence % 5 == 0;
                var response = batch
                    ? await _client.PostAsJsonAsync(new Uri("/api/scores/batch", UriKind.Relative), new { customerIds = new[] { id, ids[0] } })
                    : await _client.GetAsync(new Uri($"/api/customers/{id}/scores", UriKind.Relative));
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    failures.Enqueue($"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                    continue;
                }

                using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                foreach (var score in batch
                    ? json.RootElement.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("score")).ToList()
                    : [json.RootElement])
                {
                    seen.Enqueue((client, sequence, score.GetProperty("modelVersion").GetString()!,
                        [.. score.GetProperty("segment").GetProperty("probabilities").EnumerateArray().Select(p => p.GetProperty("id").GetInt32())]));
                }
            }
        })).ToArray();

        await WaitForAsync(() => seen.Count >= 100);
        var v2 = await ServingFunctionApp.PublishAsync(_factory, bundles.Fallback);
        segmentsOf[v2] = [.. bundles.Fallback.SegmentIds];
        await WaitForAsync(() => seen.Count(s => s.Version == v2) >= 100);
        await stop.CancelAsync();
        await Task.WhenAll(hammering);

        Assert.True(failures.IsEmpty, $"{failures.Count} requests failed, e.g. {failures.FirstOrDefault()}");
        Assert.All(seen, s => Assert.Equal(segmentsOf[s.Version], s.Segments));
        Assert.Contains(seen, s => s.Version == v1);
        foreach (var client in seen.GroupBy(s => s.Client))
        {
            var ordered = client.OrderBy(s => s.Sequence).Select(s => s.Version).ToList();
            var firstV2 = ordered.IndexOf(v2);
            Assert.True(firstV2 < 0 || ordered.Skip(firstV2).All(v => v == v2), $"Client {client.Key} saw {v1} again after {v2}.");
        }
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }

    private sealed class PollingFunctionAppFactory : ComposedFunctionAppFactory
    {
        protected override void AddSettings(IDictionary<string, string?> settings)
        {
            base.AddSettings(settings);
            settings["Serving:PollInterval"] = "00:00:00.020";
        }
    }
}
