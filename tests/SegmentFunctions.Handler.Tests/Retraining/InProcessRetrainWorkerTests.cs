using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Retraining;
using SegmentFunctions.Storage.Composition;

namespace SegmentFunctions.Handler.Tests.Retraining;

/// <summary>The handler on its own (embedded storage, no Functions host) works off its retrain-runs queue itself.</summary>
public sealed class InProcessRetrainWorkerTests
{
    [Fact]
    public async Task Post_retrain_then_polling_the_status_url_reaches_completed()
    {
        using var factory = new RetrainHandlerFactory { InProcessWorker = true };
        using var client = factory.CreateClient();

        using var start = await client.PostAsync("/api/retrain", null);
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);

        var status = await PollUntilFinishedAsync(client, start.Headers.Location!);
        Assert.Equal("Completed", status.GetProperty("runtimeStatus").GetString());
        Assert.Equal("model from prepared for http", status.GetProperty("output").GetProperty("model").GetString());
        Assert.Null(await factory.RetrainQueue.ReceiveAsync(TimeSpan.FromMinutes(1), CancellationToken.None));
    }

    [Fact]
    public async Task A_message_that_keeps_failing_moves_to_the_poison_queue_after_max_dequeue_count()
    {
        using var factory = new RetrainHandlerFactory
        {
            InProcessWorker = true,
            RetrainingSettings = new Dictionary<string, string> { ["WorkerVisibilityTimeout"] = "00:00:00.050", ["MaxDequeueCount"] = "2" },
        };
        using var client = factory.CreateClient();
        var poison = factory.Services.GetRequiredService<IWorkQueueFactory>().Get(InProcessRetrainWorker.PoisonQueueName);

        await factory.RetrainQueue.EnqueueAsync("not a run", CancellationToken.None);

        var poisoned = await WaitForMessageAsync(poison);
        Assert.Equal("not a run", poisoned.Body);
        Assert.Null(await factory.RetrainQueue.ReceiveAsync(TimeSpan.FromMinutes(1), CancellationToken.None));
    }

    [Theory]
    [InlineData(null, null, true)]
    [InlineData("UseDevelopmentStorage=true", null, false)]
    [InlineData("UseDevelopmentStorage=true", true, true)]
    [InlineData(null, false, false)]
    public void Runs_by_default_exactly_when_storage_is_embedded(string? storageConnection, bool? setting, bool expected)
    {
        var connections = StorageConnections.From(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [StorageConnections.StorageName] = storageConnection })
            .Build());

        Assert.Equal(expected, InProcessRetrainWorker.IsEnabled(new RetrainTriggerOptions { InProcessWorker = setting }, connections));
    }

    /// <summary>Polls as a client would, bounded so a broken worker fails the test instead of hanging it.</summary>
    private static async Task<JsonElement> PollUntilFinishedAsync(HttpClient client, Uri statusUrl)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        while (true)
        {
            using var response = await client.GetAsync(statusUrl, deadline.Token);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return JsonDocument.Parse(await response.Content.ReadAsStringAsync(deadline.Token)).RootElement.Clone();
            }

            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            await Task.Delay(TimeSpan.FromMilliseconds(50), deadline.Token);
        }
    }

    private static async Task<QueuedMessage> WaitForMessageAsync(IWorkQueue queue)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        while (true)
        {
            if (await queue.ReceiveAsync(TimeSpan.FromMinutes(1), deadline.Token) is { } message)
            {
                return message;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), deadline.Token);
        }
    }
}
