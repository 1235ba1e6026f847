using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SegmentFunctions.Application.Retraining.Parts;
using SegmentFunctions.Application.Snapshots;
using SegmentFunctions.Application.Tests.Storage;
using SegmentFunctions.Application.Training;
using SegmentFunctions.Domain.Features;
using SegmentFunctions.Domain.Models.Lifetime;
using SegmentFunctions.Domain.Synthetic;
using SegmentFunctions.Storage.Embedded;
using SegmentFunctions.Application.Tests.Ingestion;

namespace SegmentFunctions.Application.Tests.Training;

/// <summary>
/// The fits from a snapshot's shards, each read alone as the per-shard activities read them and passed through the
/// run's part blobs, against the fits on the snapshot's whole table: one shard and four give the same models.
/// </summary>
public sealed class ShardedFitTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 16, 0, 0, TimeSpan.Zero);
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(2));
    private readonly InMemoryBlobStore _blobs = new(TimeProvider.System);
    private readonly SyntheticShopOptions _shop = new() { Customers = 900, Seed = 13 };
    private readonly ModelBundleTrainer _trainer = new(new ModelBundleTrainingOptions { MaxComponents = 4, Restarts = 1, Seed = 5 });

    private CancellationToken Ct => _timeout.Token;

    [Fact]
    public async Task Lifetime_data_gathered_per_shard_fits_the_lifetime_models_and_draws_of_the_whole_table()
    {
        var documents = Documents();
        Assert.Equal(1, await SnapshotAsync("one", documents, shards: 1));
        Assert.Equal(4, await SnapshotAsync("four", documents, shards: 4));
        var tables = Tables();
        var whole = _trainer.FitLifetime((await tables.GetAsync("one", LifetimeTimeUnit.Week, Ct)).Features);

        foreach (var (snapshotId, shards) in new[] { ("one", 1), ("four", 4) })
        {
            var parts = new PartStore(_blobs);
            var data = new List<LifetimeData>();
            for (var shard = 0; shard < shards; shard++)
            {
                var table = await tables.GetShardAsync(snapshotId, shard, LifetimeTimeUnit.Week, Ct);
                Assert.InRange(table.RowCount, 1, documents.Count / (shards == 1 ? 1 : 2));
                var path = $"runs/r/parts/shards/{shard}/lifetime.bin";
                await parts.WriteAsync(path, _trainer.LifetimeDataOf(table.Features, table.Rows), Ct);
                data.Add(await parts.ReadLifetimeDataAsync(path, Ct));
            }

            var fit = _trainer.FitLifetime(LifetimeData.Combine(data));

            Assert.Equal(whole.BgNbd.Customers, fit.BgNbd.Customers);
            AssertRelative(
                [whole.BgNbd.R, whole.BgNbd.Alpha, whole.BgNbd.A, whole.BgNbd.B, whole.BgNbd.LogLikelihood,
                    whole.GammaGamma!.P, whole.GammaGamma.Q, whole.GammaGamma.Gamma, whole.GammaGamma.LogLikelihood],
                [fit.BgNbd.R, fit.BgNbd.Alpha, fit.BgNbd.A, fit.BgNbd.B, fit.BgNbd.LogLikelihood,
                    fit.GammaGamma!.P, fit.GammaGamma.Q, fit.GammaGamma.Gamma, fit.GammaGamma.LogLikelihood], 1e-9);
            Assert.NotNull(fit.Uncertainty);
            Assert.Equal(whole.Uncertainty!.BgNbd, fit.Uncertainty.BgNbd);
            Assert.Equal(whole.Uncertainty.GammaGamma, fit.Uncertainty.GammaGamma);
            Assert.Equal(whole.Warnings, fit.Warnings);
        }
    }

    [Fact]
    public async Task Segmentation_rows_gathered_per_shard_fit_the_mixture_and_segments_of_the_whole_table()
    {
        var documents = Documents();
        Assert.Equal(1, await SnapshotAsync("one", documents, shards: 1));
        Assert.Equal(4, await SnapshotAsync("four", documents, shards: 4));
        // A sample smaller than the table: the restarts run on the sample and the refinement on every row, by shard.
        var trainer = new ModelBundleTrainer(new ModelBundleTrainingOptions { MaxComponents = 4, Restarts = 1, Seed = 5, SegmentationSampleRows = 300 });
        var whole = (await Tables().GetAsync("one", LifetimeTimeUnit.Week, Ct)).Features;
        var expected = trainer.FitSegmentation(whole, previous: null, Ct);

        foreach (var (snapshotId, shards) in new[] { ("one", 1), ("four", 4) })
        {
            var tables = Tables();
            var parts = new PartStore(_blobs);
            var rows = new List<SegmentationShard>();
            for (var shard = 0; shard < shards; shard++)
            {
                var path = $"runs/r/parts/shards/{shard}/segmentation-rows.bin";
                var table = await tables.GetShardAsync(snapshotId, shard, LifetimeTimeUnit.Week, Ct);
                await parts.WriteAsync(path, trainer.SegmentationShardOf(table.Features, table.Rows), Ct);
                rows.Add(await parts.ReadSegmentationShardAsync(path, Ct));
            }

            var fit = trainer.FitSegmentation(rows, (await tables.GetAsync(snapshotId, LifetimeTimeUnit.Week, Ct)).Features, previous: null, Ct);

            Assert.Equal(expected.Columns, fit.Columns);
            AssertClose([.. expected.Scaler.Means, .. expected.Scaler.StandardDeviations], [.. fit.Scaler.Means, .. fit.Scaler.StandardDeviations], 1e-12);
            var (a, b) = (expected.Mixture.ToParameters(), fit.Mixture.ToParameters());
            Assert.Equal(a.SourceComponents, b.SourceComponents);
            Assert.Equal(a.ElboHistory.Count, b.ElboHistory.Count);
            AssertClose([.. a.Weights, .. a.Nu, .. a.Beta, a.Elbo], [.. b.Weights, .. b.Nu, .. b.Beta, b.Elbo], 1e-9);
            AssertClose([.. a.Means, .. a.ScaleFactors, .. a.LogDetW], [.. b.Means, .. b.ScaleFactors, .. b.LogDetW], 1e-8, absolute: 1e-10);
            Assert.Equal(
                expected.Segments.Select(s => (s.Id, s.Name, s.Size)),
                fit.Segments.Select(s => (s.Id, s.Name, s.Size)));
            Assert.Equal(expected.Mixture.PredictSegments(expected.Scaler.Transform(whole.SelectMatrix(expected.Columns))),
                fit.Mixture.PredictSegments(fit.Scaler.Transform(whole.SelectMatrix(fit.Columns))));
        }
    }

    [Fact]
    public async Task A_shard_cut_from_the_table_in_memory_holds_the_rows_of_the_shard_read_alone()
    {
        var documents = Documents();
        Assert.Equal(4, await SnapshotAsync("four", documents, shards: 4));
        var alone = Tables();
        var cut = Tables();
        var whole = await cut.GetAsync("four", LifetimeTimeUnit.Week, Ct);

        var ids = new List<string>();
        for (var shard = 0; shard < 4; shard++)
        {
            var read = await alone.GetShardAsync("four", shard, LifetimeTimeUnit.Week, Ct);
            var fromWhole = await cut.GetShardAsync("four", shard, LifetimeTimeUnit.Week, Ct);
            Assert.Same(whole.Features, fromWhole.Features);
            Assert.Equal(read.Documents, fromWhole.Documents);
            Assert.Equal(read.RowCount, fromWhole.RowCount);
            Assert.Equal(read.Features.CustomerIds, whole.Features.CustomerIds.Take(fromWhole.Rows));
            Assert.Equal(
                read.Features.SelectMatrix(read.Features.ColumnNames).Values,
                whole.Features.SelectMatrix(whole.Features.ColumnNames, fromWhole.Rows).Values);
            ids.AddRange(read.Features.CustomerIds);
        }

        Assert.Equal(whole.Features.CustomerIds, ids);
        Assert.Equal(whole.Documents, documents.Count);
    }

    public void Dispose() => _timeout.Dispose();

    private SnapshotTables Tables() =>
        new(new FeatureSnapshotReader(_blobs, Options.Create(new SnapshotOptions())), Options.Create(new SnapshotOptions { CachedTables = 2 }));

    private List<CustomerFeatures> Documents() =>
        [.. new SyntheticShopGenerator(_shop).Customers().Select(c => CustomerFeaturesFolder.Fold(c.Truth.CustomerId, c.Events))];

    /// <summary>A snapshot of the documents from the embedded store, split into key ranges; returns its number of shards.</summary>
    private async Task<int> SnapshotAsync(string snapshotId, IEnumerable<CustomerFeatures> documents, int shards)
    {
        var directory = Directory.CreateTempSubdirectory("sharded-fit-tests-");
        try
        {
            using (var features = new SqliteFeatureStore(Path.Combine(directory.FullName, "features.db")))
            {
                foreach (var document in documents)
                {
                    Assert.True((await features.WriteAsync(document, null, Ct)).Succeeded);
                }

                var options = Options.Create(new SnapshotOptions { RowGroupSize = 100, Shards = shards });
                var writer = new FeatureSnapshotWriter(features, _blobs, options, new FixedTimeProvider(Now), NullLogger<FeatureSnapshotWriter>.Instance);
                await writer.WriteAsync(new SnapshotRequest(snapshotId, _shop.End, "sqlite"), include: null, Ct);
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }

        var manifest = await new FeatureSnapshotReader(_blobs, Options.Create(new SnapshotOptions())).ReadManifestAsync(snapshotId, Ct);
        return FeatureSnapshotReader.ShardsOf(manifest).Count;
    }

    private static void AssertClose(double[] expected, double[] actual, double relative, double absolute = 0)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(
                Math.Abs(expected[i] - actual[i]) <= relative * Math.Abs(expected[i]) + absolute, $"[{i}]: expected {expected[i]:R}, got {actual[i]:R}");
        }
    }

    private static void AssertRelative(double[] expected, double[] actual, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance * Math.Abs(expected[i]), $"[{i}]: expected {expected[i]:R}, got {actual[i]:R}");
        }
    }
}
