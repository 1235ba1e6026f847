using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SegmentFunctions.Application.Composition;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Application.Registry;
using SegmentFunctions.Application.Snapshots;
using SegmentFunctions.Domain.Features;
using SegmentFunctions.Storage.Composition;

namespace SegmentFunctions.Storage.Tests.Composition;

/// <summary>Snapshots and the registry composed on the embedded storage, with settings from configuration.</summary>
public sealed class RetrainingStorageCompositionTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    [Fact]
    public async Task Composed_services_snapshot_the_feature_store_and_promote_through_the_supplied_validator()
    {
        var validated = new List<long>();
        using var services = Build(new Dictionary<string, string?>
        {
            ["SEGMENT_DATA_DIR"] = _directory.Path,
            ["Snapshots:RowGroupSize"] = "2",
            ["Snapshots:KeepNewest"] = "3",
            ["PromotionGate:AucTolerance"] = "0.02",
        }, validated);
        var ct = CancellationToken.None;
        foreach (var id in new[] { "a", "b", "c" })
        {
            await services.GetRequiredService<IFeatureStore>().WriteAsync(new CustomerFeatures { CustomerId = id, Orders = 1 }, null, ct);
        }

        var manifest = await services.GetRequiredService<FeatureSnapshotWriter>().WriteAsync(new SnapshotRequest("s1", DateTimeOffset.UtcNow, "sqlite"), null, ct);
        var registry = services.GetRequiredService<ModelRegistry>();
        await registry.PublishAsync("v20261122-150000-abc123", new MemoryStream([1, 2, 3, 4]), new JsonObject { ["auc"] = 0.8 }, ct);
        await registry.PromoteAsync("v20261122-150000-abc123", "cold start", null, ct);

        Assert.Equal(3, manifest.RowCount);
        Assert.Single(await services.GetRequiredService<SnapshotCatalog>().ListAsync(ct));
        Assert.Equal([4L], validated);
        Assert.Equal(3, services.GetRequiredService<IOptions<SnapshotOptions>>().Value.KeepNewest);
        Assert.True(services.GetRequiredService<PromotionGate>().Decide(new ModelEvaluation(0.8, [50, 50]), new ModelEvaluation(0.785, [50, 50])).Promote);
    }

    [Fact]
    public void Invalid_snapshot_settings_fail_when_resolved()
    {
        using var services = Build(new Dictionary<string, string?>
        {
            ["SEGMENT_DATA_DIR"] = _directory.Path,
            ["Snapshots:RowGroupSize"] = "0",
        }, []);

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<FeatureSnapshotWriter>());

        Assert.Contains("Snapshots:RowGroupSize must be positive", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }

    private static ServiceProvider Build(IDictionary<string, string?> settings, List<long> validated)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection()
            .AddLogging()
            .AddSegmentStorage(configuration)
            .AddSegmentSnapshots(configuration)
            .AddSegmentModelRegistry(configuration, _ => async (bundle, token) =>
            {
                using var copy = new MemoryStream();
                await bundle.CopyToAsync(copy, token);
                validated.Add(copy.Length);
            })
            .BuildServiceProvider();
    }
}
