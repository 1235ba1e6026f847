using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SegmentFunctions.Application.Retraining;
using SegmentFunctions.Application.Retraining.Activities;
using SegmentFunctions.Application.Retraining.Parts;
using SegmentFunctions.Application.Snapshots;
using SegmentFunctions.Application.Tests.Snapshots;
using SegmentFunctions.Application.Tests.Storage;
using SegmentFunctions.Application.Training;
using SegmentFunctions.Domain.Features;
using SegmentFunctions.Domain.Models.Lifetime;
using SegmentFunctions.Domain.Synthetic;
using SegmentFunctions.Storage.Embedded;
using SegmentFunctions.Application.Tests.Ingestion;

namespace SegmentFunctions.Application.Tests.Training;

/// <summary>
/// The fits from a snapshot's shards, each streamed alone by the per-shard activity and passed through the run's part
/// blobs, against the fits on the snapshot's whole table: one shard and four give the same models, segments and names.
/// </summary>
public sealed class ShardedFitTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 16, 0, 0, TimeSpan.Zero);
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(2));
    private readonly InMemoryBlobStore _blobs = new(TimeProvider.System);
    private readonly SyntheticShopOptions _shop = new() { Customers = 900, Seed = 13 };
    private static readonly ModelBundleTrainingOptions Settings = new() { MaxComponents = 4, Restarts = 1, Seed = 5 };
    private readonly ModelBundleTrainer _trainer = new(Settings);

    private CancellationToken Ct => _timeout.Token;

    [Fact]
    public async Task Lifetime_data_gathered_per_shard_fits_the_lifetime_models_and_draws_of_the_whole_table()
    {
        var documents = Documents();
        Assert.Equal(1, await SnapshotAsync("one", documents, shards: 1));
        Assert.Equal(4, await SnapshotAsync("four", documents, shards: 4));
        var whole = _trainer.FitLifetime((await WholeTableAsync("one")).Features);

        foreach (var (snapshotId, shards) in new[] { ("one", 1), ("four", 4) })
        {
            var parts = new PartStore(_blobs);
            var data = new List<LifetimeData>();
            foreach (var prepared in await PrepareAsync(Settings, snapshotId, shards))
            {
                Assert.InRange(prepared.Customers, 1, documents.Count / (shards == 1 ? 1 : 2));
                data.Add(await parts.ReadLifetimeDataAsync(prepared.LifetimeBlob, Ct));
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
        var settings = Settings with { SegmentationSampleRows = 300 };
        var trainer = new ModelBundleTrainer(settings);
        var whole = (await WholeTableAsync("one")).Features;
        var expected = trainer.FitSegmentation(whole, previous: null, Ct);

        foreach (var (snapshotId, shards) in new[] { ("one", 1), ("four", 4) })
        {
            var parts = new PartStore(_blobs);
            var prepared = await PrepareAsync(settings, snapshotId, shards);
            var rows = new List<SegmentationShard>();
            foreach (var shard in prepared)
            {
                rows.Add(await parts.ReadSegmentationShardAsync(shard.SegmentationBlob, Ct));
            }

            using var featureRows = await parts.DownloadFeatureRowsAsync([.. prepared.Select(p => p.FeatureRowsBlob)], Ct);
            var fit = trainer.FitSegmentation(rows, featureRows, previous: null, Ct);

            Assert.Equal(expected.Columns, fit.Columns);
            AssertClose([.. expected.Scaler.Means, .. expected.Scaler.StandardDeviations], [.. fit.Scaler.Means, .. fit.Scaler.StandardDeviations], 1e-12);
            var (a, b) = (expected.Mixture.ToParameters(), fit.Mixture.ToParameters());
            Assert.Equal(a.SourceComponents, b.SourceComponents);
            Assert.Equal(a.ElboHistory.Count, b.ElboHistory.Count);
            AssertClose([.. a.Weights, .. a.Nu, .. a.Beta, a.Elbo], [.. b.Weights, .. b.Nu, .. b.Beta, b.Elbo], 1e-9);
            AssertClose([.. a.Means, .. a.ScaleFactors, .. a.LogDetW], [.. b.Means, .. b.ScaleFactors, .. b.LogDetW], 1e-8, absolute: 1e-10);
            Assert.Equal(
                expected.Segments.Select(s => (s.Id, s.Name, s.Rule, s.Size)),
                fit.Segments.Select(s => (s.Id, s.Name, s.Rule, s.Size)));
            AssertClose(
                [.. expected.Segments.SelectMany(s => s.ProfileMeans.Prepend(s.RevenueShare).Prepend(s.CustomerShare))],
                [.. fit.Segments.SelectMany(s => s.ProfileMeans.Prepend(s.RevenueShare).Prepend(s.CustomerShare))], 1e-12);
            Assert.Equal(expected.Mixture.PredictSegments(expected.Scaler.Transform(whole.SelectMatrix(expected.Columns))),
                fit.Mixture.PredictSegments(fit.Scaler.Transform(whole.SelectMatrix(fit.Columns))));
        }
    }

    [Fact]
    public async Task With_a_champion_the_shards_carry_over_the_segment_ids_of_the_whole_table()
    {
        var documents = Documents();
        Assert.Equal(4, await SnapshotAsync("four", documents, shards: 4));
        var champion = new ModelBundleTrainer(Settings with { Seed = 11 }).Train(new ModelBundleTrainingInput(documents, _shop.End), Ct).Bundle;
        var whole = (await WholeTableAsync("four")).Features;
        var expected = _trainer.FitSegmentation(whole, champion, Ct);

        var parts = new PartStore(_blobs);
        var prepared = await PrepareAsync(Settings, "four", 4);
        var rows = new List<SegmentationShard>();
        foreach (var shard in prepared)
        {
            rows.Add(await parts.ReadSegmentationShardAsync(shard.SegmentationBlob, Ct));
        }

        using var featureRows = await parts.DownloadFeatureRowsAsync([.. prepared.Select(p => p.FeatureRowsBlob)], Ct);
        var fit = _trainer.FitSegmentation(rows, featureRows, champion, Ct);

        Assert.NotNull(fit.Match);
        Assert.Equal(expected.Match!.Ids, fit.Match.Ids);
        Assert.Equal(expected.Segments.Select(s => (s.Id, s.Name, s.Rule, s.Size)), fit.Segments.Select(s => (s.Id, s.Name, s.Rule, s.Size)));
    }

    [Fact]
    public async Task The_shards_streamed_alone_hold_the_rows_of_the_whole_table_in_snapshot_order()
    {
        var documents = Documents();
        Assert.Equal(4, await SnapshotAsync("four", documents, shards: 4));
        var whole = await WholeTableAsync("four");

        var prepared = await PrepareAsync(Settings, "four", 4);
        using var featureRows = await new PartStore(_blobs).DownloadFeatureRowsAsync([.. prepared.Select(p => p.FeatureRowsBlob)], Ct);
        var values = new List<double>();
        for (var shard = 0; shard < 4; shard++)
        {
            foreach (var block in featureRows.Read(shard))
            {
                Assert.Equal(whole.Features.ColumnNames, block.ColumnNames);
                values.AddRange(block.Values);
            }
        }

        Assert.Equal(whole.Features.Values.ToArray(), values);
        Assert.Equal(whole.Features.RowCount, prepared.Sum(p => p.Customers));
        Assert.Equal(documents.Count, prepared.Sum(p => p.Documents));
        Assert.Equal(whole.Documents, documents.Count);
    }

    public void Dispose() => _timeout.Dispose();

    /// <summary>The per-shard activity of a run on every shard of the snapshot, in shard order, as the orchestrator fans it out.</summary>
    private async Task<FitShardPrepared[]> PrepareAsync(ModelBundleTrainingOptions settings, string snapshotId, int shards)
    {
        var options = Options.Create(new RetrainingOptions { Training = settings });
        using var cancellation = new ActivityCancellation();
        var activity = new PrepareFitShardActivity(
            new FeatureSnapshotReader(_blobs, Options.Create(new SnapshotOptions())), new PartStore(_blobs), new RetrainRunFiles(options), options, cancellation);
        var prepared = new FitShardPrepared[shards];
        for (var shard = 0; shard < shards; shard++)
        {
            prepared[shard] = await activity.RunAsync(new PrepareFitShardInput($"r-{snapshotId}", snapshotId, shard), Ct);
        }

        return prepared;
    }

    private Task<SnapshotTable> WholeTableAsync(string snapshotId) =>
        SnapshotTableBuilder.ReadAsync(new FeatureSnapshotReader(_blobs, Options.Create(new SnapshotOptions())), snapshotId, LifetimeTimeUnit.Week, Ct);

    private List<CustomerFeatures> Documents() =>
        [.. new SyntheticShopGenerator(_shop).Customers().Select(c => CustomerFeaturesFolder.Fold(c.Truth.CustomerId, c.Events))];

    /// <summary>
    /// A snapshot of the documents from the embedded store, split into key ranges; returns its number of shards. A
    /// snapshot in several shards stores its training rows, which the shards' steps read in place of the documents, so
    /// that the comparisons with one shard and with the whole table also compare stored rows with featurized documents.
    /// </summary>
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

                var options = Options.Create(new SnapshotOptions { RowGroupSize = 100, Shards = shards, TrainingRowsTimeUnit = shards > 1 ? Settings.TimeUnit : null });
                var writer = new FeatureSnapshotWriter(features, _blobs, options, new FixedTimeProvider(Now), NullLogger<FeatureSnapshotWriter>.Instance);
                await writer.WriteAsync(new SnapshotRequest(snapshotId, _shop.End, "sqlite"), include: null, Ct);
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }

        var manifest = await new FeatureSnapshotReader(_blobs, Options.Create(new SnapshotOptions())).ReadManifestAsync(snapshotId, Ct);
        Assert.Equal(shards > 1, manifest.Rows is not null);
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
