using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SegmentFunctions.Application.Retraining;
using SegmentFunctions.Application.Snapshots;
using SegmentFunctions.Domain.Synthetic;
using SegmentFunctions.Storage.Embedded;

namespace SegmentFunctions.Cli.Bench;

/// <summary>
/// The scale benchmark's snapshots of a synthetic shop, at T and at T - H, written directly from drawn feature
/// documents (<see cref="SyntheticFeatureStore"/>) by the snapshot writer, their shards in parallel, with their
/// training rows in the retraining's default unit, as a retraining run's snapshot activities would write them. They are kept in a folder named after what determines them (customers,
/// seed, shards, <see cref="FormatVersion"/>), so repeated measurements do not generate them again; a folder without
/// both manifests (a generation cut short) is generated again from scratch.
/// </summary>
internal static class ScaleSnapshots
{
    /// <summary>What a cached snapshot holds; bump it when the synthesizer or the snapshot layout changes.</summary>
    public const int FormatVersion = 2;

    public const string Source = "synthetic";

    /// <summary>How long the generation took, in seconds, reported again when the snapshots come from the cache.</summary>
    private const string GenerationFile = "generation-seconds.txt";

    public static string DefaultRoot => Path.Combine(Path.GetTempPath(), "segment-bench", "scale");

    /// <summary>The cache folder's name, which also keys the run id the snapshot at T is named after.</summary>
    public static string Key(SyntheticShopOptions shop, int shards)
    {
        ArgumentNullException.ThrowIfNull(shop);
        return string.Create(CultureInfo.InvariantCulture, $"n{shop.Customers}-seed{shop.Seed}-m{shop.Months}-shards{shards}-v{FormatVersion}");
    }

    /// <summary>
    /// The snapshots <paramref name="atT"/> and <paramref name="cutoff"/> of <paramref name="shop"/> in
    /// <paramref name="shards"/> shards, from the cache under <paramref name="root"/> or generated into it (always
    /// with <paramref name="fresh"/>).
    /// </summary>
    public static async Task<ScaleSnapshotSet> PrepareAsync(
        string root, SyntheticShopOptions shop, int shards, SnapshotRequest atT, SnapshotRequest cutoff, bool fresh, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(atT);
        ArgumentNullException.ThrowIfNull(cutoff);
        var folder = Path.Combine(root, Key(shop, shards));
        var options = Options.Create(new SnapshotOptions { Shards = shards, TrainingRowsTimeUnit = new RetrainingOptions().EffectiveTraining().TimeUnit });
        var synthesizer = new SyntheticFeatureSynthesizer(shop);
        if (!fresh && Directory.Exists(folder))
        {
            var cached = Blobs(folder);
            var manifests = await Task.WhenAll(
                Writer(synthesizer, atT.AsOf, cached, options).FindCompleteAsync(atT, cancellationToken),
                Writer(synthesizer, cutoff.AsOf, cached, options).FindCompleteAsync(cutoff, cancellationToken));
            var generation = Path.Combine(folder, GenerationFile);
            if (manifests is [{ } t, { } h] && File.Exists(generation))
            {
                var seconds = double.Parse(await File.ReadAllTextAsync(generation, cancellationToken), NumberStyles.Float, CultureInfo.InvariantCulture);
                return new ScaleSnapshotSet(folder, cached, t, h, TimeSpan.FromSeconds(seconds), Cached: true);
            }
        }

        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        var blobs = Blobs(folder);
        var clock = Stopwatch.StartNew();
        var manifestAtT = await WriteAsync(Writer(synthesizer, atT.AsOf, blobs, options), atT, cancellationToken);
        var manifestAtCutoff = await WriteAsync(Writer(synthesizer, cutoff.AsOf, blobs, options), cutoff, cancellationToken);
        clock.Stop();
        await File.WriteAllTextAsync(Path.Combine(folder, GenerationFile), clock.Elapsed.TotalSeconds.ToString("R", CultureInfo.InvariantCulture), cancellationToken);
        return new ScaleSnapshotSet(folder, blobs, manifestAtT, manifestAtCutoff, clock.Elapsed, Cached: false);
    }

    private static LocalFolderBlobStore Blobs(string folder) => new(Path.Combine(folder, "blobs"));

    private static FeatureSnapshotWriter Writer(SyntheticFeatureSynthesizer synthesizer, DateTimeOffset asOf, LocalFolderBlobStore blobs, IOptions<SnapshotOptions> options) =>
        new(new SyntheticFeatureStore(synthesizer, asOf), blobs, options, TimeProvider.System, NullLogger<FeatureSnapshotWriter>.Instance);

    /// <summary>Plan, every shard at once (each draws its own customers), manifest: a run's snapshot steps.</summary>
    private static async Task<SnapshotManifest> WriteAsync(FeatureSnapshotWriter writer, SnapshotRequest request, CancellationToken cancellationToken)
    {
        var plan = await writer.PlanAsync(request, cancellationToken);
        var shards = await Task.WhenAll(Enumerable.Range(0, plan.Ranges.Count)
            .Select(shard => Task.Run(() => writer.WriteShardAsync(plan, shard, include: null, written: null, cancellationToken), cancellationToken)));
        return await writer.CompleteAsync(plan, shards, cancellationToken);
    }
}
