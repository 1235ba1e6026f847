using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SegmentFunctions.Application.Ingestion;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Cli.Commands;
using SegmentFunctions.Cli.Tests.Infrastructure;
using SegmentFunctions.Domain.Features;
using SegmentFunctions.Domain.Synthetic;
using SegmentFunctions.Storage.EventHubs;
using SegmentFunctions.Testing.EventHubs;

namespace SegmentFunctions.Cli.Tests.EventHubs;

/// <summary>The pieces of the send → hub → consume → store tests: a generated events file, stores on temporary folders, processors in process.</summary>
internal static class EventHubsPipeline
{
    /// <summary>Fast load balancing, so the tests need not wait for the production intervals.</summary>
    public static EventHubsOptions FastOptions(string identifier, int batchSize = 64) => new()
    {
        MaxRetries = 1,
        TryTimeout = TimeSpan.FromSeconds(10),
        ConsumeBatchSize = batchSize,
        LoadBalancingInterval = TimeSpan.FromMilliseconds(500),
        OwnershipExpiration = TimeSpan.FromSeconds(3),
        MaximumWaitTime = TimeSpan.FromMilliseconds(300),
        ProcessorIdentifier = identifier,
    };

    /// <summary>A synthetic shop's events in time order, with repeated deliveries and a few malformed lines; returns the line count.</summary>
    public static async Task<long> WriteShopAsync(string path, int customers, int seed)
    {
        var generator = new SyntheticShopGenerator(new SyntheticShopOptions { Customers = customers, Months = 6, Seed = seed, DuplicateFraction = 0.05 });
        var writer = new EventJsonLinesWriter(malformedFraction: 0.01, seed: seed);
        await using var stream = File.Create(path);
        return await writer.WriteAsync(generator.EventsInTimeOrder(), stream, CancellationToken.None);
    }

    public static ServiceProvider Services(string dataDirectory) => EmbeddedIngestion.Services(dataDirectory);

    public static async Task SendAsync(EventHubsTestDouble hub, string file)
    {
        var cli = new EventHubsCliHarness(EventHubsCliHarness.SettingsOf(hub));
        Assert.Equal(ExitCodes.Success, await cli.RunAsync("send", "--file", file));
    }

    /// <summary>`segment ingest` of the file into the store of <paramref name="services"/>; returns the events it applied.</summary>
    public static async Task<long> IngestAsync(IServiceProvider services, string file)
    {
        var cli = new CliHarness(services);
        Assert.Equal(ExitCodes.Success, await cli.RunAsync("ingest", "--file", file));
        return Row(cli.Output, "accepted");
    }

    /// <summary>The value of one row of a summary table, e.g. "accepted │ 1,234".</summary>
    public static long Row(string output, string label)
    {
        var match = System.Text.RegularExpressions.Regex.Match(output, $@"^\W*{System.Text.RegularExpressions.Regex.Escape(label)}\W+([\d,]+)", System.Text.RegularExpressions.RegexOptions.Multiline);
        Assert.True(match.Success, $"No '{label}' row in:\n{output}");
        return long.Parse(match.Groups[1].Value, System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture);
    }

    public static EventHubIngestionProcessor Processor(IServiceProvider services, EventHubsTestDouble hub, EventHubsOptions options) =>
        EventHubIngestionProcessor.Create(
            new BlobCheckpointStore(services.GetRequiredService<IBlobStore>()),
            new EventHubSettings(hub.ConnectionString, null, null, hub.Name, "$Default"),
            options,
            services.GetRequiredService<IEventBatchProcessor>(),
            services.GetRequiredService<ILogger<EventHubIngestionProcessor>>());

    /// <summary>Waits until <paramref name="done"/> holds, failing after <paramref name="timeout"/>.</summary>
    public static Task WaitForAsync(Func<bool> done, TimeSpan timeout, string what) =>
        WaitForAsync(() => Task.FromResult(done()), timeout, what);

    public static async Task WaitForAsync(Func<Task<bool>> done, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await done())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for {what}.");
            await Task.Delay(100);
        }
    }

    public static async Task<Dictionary<string, CustomerFeatures>> FeaturesAsync(IServiceProvider services)
    {
        var all = new Dictionary<string, CustomerFeatures>(StringComparer.Ordinal);
        await foreach (var features in services.GetRequiredService<IFeatureStore>().ReadAllAsync(CancellationToken.None))
        {
            all.Add(features.CustomerId, features);
        }

        return all;
    }

    public static async Task AssertSameFeaturesAsync(IServiceProvider expected, IServiceProvider actual)
    {
        var want = await FeaturesAsync(expected);
        var got = await FeaturesAsync(actual);
        Assert.True(want.Count > 0);
        Assert.Equal(want.Keys.Order(StringComparer.Ordinal), got.Keys.Order(StringComparer.Ordinal));
        foreach (var (customerId, features) in want)
        {
            Testing.FeatureDocumentAssert.Equivalent(features, got[customerId]);
        }
    }
}
