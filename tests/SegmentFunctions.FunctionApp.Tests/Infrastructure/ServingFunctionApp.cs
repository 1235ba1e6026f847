using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SegmentFunctions.Application.BatchScoring;
using SegmentFunctions.Application.Registry;
using SegmentFunctions.Application.Serving;
using SegmentFunctions.Application.Snapshots;
using SegmentFunctions.Domain.Features;
using SegmentFunctions.Domain.Scoring;

namespace SegmentFunctions.FunctionApp.Tests.Infrastructure;

/// <summary>What serving tests do to a composed handler: seed documents, publish and promote bundles, write batch scores.</summary>
public static class ServingFunctionApp
{
    public static async Task SeedAsync(FunctionAppFactory factory, IEnumerable<CustomerFeatures> documents)
    {
        var store = factory.FeatureStore;
        await Parallel.ForEachAsync(documents, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (document, ct) =>
            Assert.True((await store.WriteAsync(document, null, ct)).Succeeded));
    }

    /// <summary>Publishes <paramref name="bundle"/> through the registry and promotes it; returns the registry version.</summary>
    public static async Task<string> PublishAsync(FunctionAppFactory factory, ModelBundle bundle)
    {
        var registry = factory.Services.GetRequiredService<ModelRegistry>();
        var version = ModelVersionId.New(DateTimeOffset.UtcNow);
        using var zip = new MemoryStream();
        await ModelBundleSerializer.SaveAsync(bundle, zip, CancellationToken.None);
        zip.Position = 0;
        await registry.PublishAsync(version, zip, new JsonObject { ["bundleVersion"] = bundle.Version }, CancellationToken.None);
        await registry.PromoteAsync(version, "serving test", null, CancellationToken.None);
        return version;
    }

    /// <summary>Publishes, promotes and loads <paramref name="bundle"/> now, without waiting for the next poll.</summary>
    public static async Task<string> ServeAsync(FunctionAppFactory factory, ModelBundle bundle)
    {
        var version = await PublishAsync(factory, bundle);
        var outcome = await factory.Services.GetRequiredService<ServingModelLoader>().RefreshAsync(CancellationToken.None);
        Assert.True(outcome is ServingModelLoader.Outcome.Loaded or ServingModelLoader.Outcome.Unchanged, $"Refresh gave {outcome}.");
        Assert.Equal(version, factory.Services.GetRequiredService<ServingModelHolder>().Current?.Version);
        return version;
    }

    /// <summary>Snapshots the store as of the bundle's time and batch-scores it with the bundle.</summary>
    public static async Task<BatchScoreManifest> WriteBatchScoresAsync(FunctionAppFactory factory, ModelBundle bundle)
    {
        var snapshots = factory.Services.GetRequiredService<FeatureSnapshotWriter>();
        var snapshot = await snapshots.WriteAsync(
            new SnapshotRequest(SnapshotLayout.NewSnapshotId(bundle.AsOf), bundle.AsOf, "sqlite"), null, CancellationToken.None);
        var scorer = factory.Services.GetRequiredService<BatchScorer>();
        return await scorer.ScoreAsync(bundle, snapshot.SnapshotId, null, null, CancellationToken.None);
    }
}
