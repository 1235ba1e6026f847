using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SegmentFunctions.Application.Retraining;
using SegmentFunctions.Application.Retraining.Activities;
using SegmentFunctions.Application.Snapshots;
using SegmentFunctions.Application.Tests.Ingestion;
using SegmentFunctions.Application.Tests.Storage;
using SegmentFunctions.Application.Tests.Training;
using SegmentFunctions.Application.Training;
using SegmentFunctions.Domain.Features;
using SegmentFunctions.Domain.Readiness;
using SegmentFunctions.Storage.Embedded;

namespace SegmentFunctions.Application.Tests.Retraining;

/// <summary>
/// The readiness check from the counts the shards' writers took equals the check that reads the snapshot: the same
/// result for any split into shards and row groups and either plan (with or without a cut-off snapshot), the same
/// errors, without reading the snapshot; a shard found complete has no counts, and the check then reads it.
/// </summary>
public sealed class ReadinessCountedAtWriteTests(SyntheticShopSnapshots shop) : IClassFixture<SyntheticShopSnapshots>, IDisposable
{
    private const int HorizonDays = SyntheticShopSnapshots.HorizonDays;
    private static readonly DateTimeOffset T = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(3));
    private readonly InMemoryBlobStore _blobs = new(TimeProvider.System);
    private readonly string _directory = Directory.CreateTempSubdirectory("readiness-at-write-tests-").FullName;

    private CancellationToken Ct => _timeout.Token;

    public static TheoryData<int, int> Splits => new() { { 1, 5_000 }, { 3, 300 }, { 4, 128 }, { 7, 37 } };

    [Theory]
    [MemberData(nameof(Splits))]
    public async Task The_shards_counts_decide_as_the_pass_over_the_snapshot_for_either_plan(int shards, int rowGroup)
    {
        var counts = await WriteAsync("end", shop.AtEnd, shop.End, shards, rowGroup);

        Assert.Equal(shards, counts.Count);
        foreach (var cutoffSnapshot in new[] { true, false })
        {
            var pass = await CheckAsync(new CheckReadinessInput("end", shop.End, HorizonDays, cutoffSnapshot), _blobs);
            // A reader of an empty store: the check from counts must not need the snapshot.
            var counted = await CheckAsync(new CheckReadinessInput("end", shop.End, HorizonDays, cutoffSnapshot, counts), new InMemoryBlobStore(TimeProvider.System));

            Assert.Equal(pass, counted);
            Assert.Equal(shop.AtEnd.Count, counted.Documents);
            Assert.True(counted.ChurnReady, counted.ChurnNotReadyReason);
        }
    }

    public static TheoryData<string, string> Failures => new()
    {
        { "empty", "is empty" },
        { "too-few", "a model needs at least" },
        { "no-buyers", "BG/NBD needs buyers" },
        { "newer", "are not a snapshot as of" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task A_snapshot_unfit_to_train_fails_with_the_same_error_from_the_counts_as_from_the_pass(string name, string expected)
    {
        var documents = Unfit(name);
        // The shards' writers leave documents newer than T out; written with them, the snapshot is refused.
        var counts = name == "newer"
            ? await WriteWithNewerAsync(name, documents, shards: 3, rowGroup: 16)
            : await WriteAsync(name, documents, T, shards: 3, rowGroup: 16);

        var pass = await Record.ExceptionAsync(() => CheckAsync(new CheckReadinessInput(name, T, HorizonDays, true), _blobs));
        var counted = await Record.ExceptionAsync(
            () => CheckAsync(new CheckReadinessInput(name, T, HorizonDays, true, counts), new InMemoryBlobStore(TimeProvider.System)));

        Assert.NotNull(pass);
        Assert.Contains(expected, pass.Message, StringComparison.Ordinal);
        Assert.Equal(pass.GetType(), counted!.GetType());
        Assert.Equal(pass.Message, counted.Message);
        Assert.IsType(name == "newer" ? typeof(ModelTrainingException) : typeof(RetrainDataException), pass);
    }

    [Fact]
    public async Task A_shard_found_complete_has_no_counts_and_the_check_reads_the_snapshot()
    {
        var first = await WriteAsync("again", shop.AtEnd, shop.End, shards: 2, rowGroup: 500);
        using var none = new SqliteFeatureStore(Path.Combine(_directory, "none.db"));
        var writer = Writer(none, shards: 2, rowGroup: 500);
        var again = await new WriteSnapshotShardActivity(writer, new ActivityCancellation())
            .RunAsync(new WriteSnapshotShardInput("again", shop.End, 1, HorizonDays), Ct);

        Assert.NotNull(first[1]);
        Assert.Null(again.Readiness);
        Assert.Equal(
            await CheckAsync(new CheckReadinessInput("again", shop.End, HorizonDays, true, first), new InMemoryBlobStore(TimeProvider.System)),
            await CheckAsync(new CheckReadinessInput("again", shop.End, HorizonDays, true, Shards: null), _blobs));
    }

    public void Dispose()
    {
        _timeout.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file a moment; the temp folder is cleaned by the OS.
        }
    }

    /// <summary>The documents of a store that cannot train a model, as of <see cref="T"/>.</summary>
    private static List<CustomerFeatures> Unfit(string name) => name switch
    {
        "empty" => [],
        // Three customers known at T (a model needs four segments' worth) and five first seen at T.
        "too-few" => [.. Enumerable.Range(0, 8).Select(i => Customer(i, T.AddDays(i < 3 ? -30 : 0), T, bought: i < 3))],
        "no-buyers" => [.. Enumerable.Range(0, 40).Select(i => Customer(i, T.AddDays(-30 - i), T.AddHours(-i), bought: false))],
        "newer" => [.. Enumerable.Range(0, 200).Select(i => Customer(i, T.AddDays(-30 - i), i % 37 == 5 ? T.AddHours(1) : T.AddHours(-i), bought: true))],
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private static CustomerFeatures Customer(int i, DateTimeOffset firstSeen, DateTimeOffset lastSeen, bool bought)
    {
        var day = DateOnly.FromDateTime(firstSeen.UtcDateTime);
        return new CustomerFeatures
        {
            CustomerId = $"c{i:D4}",
            FirstSeenAt = firstSeen,
            LastSeenAt = lastSeen,
            FirstPurchaseAt = bought ? firstSeen : null,
            LastPurchaseAt = bought ? firstSeen : null,
            Orders = bought ? 1 : 0,
            Revenue = bought ? 20m : 0m,
            PurchaseDays = bought ? [new PurchaseDay(day, 20m, 1)] : [],
        };
    }

    private async Task<ReadinessResult> CheckAsync(CheckReadinessInput input, InMemoryBlobStore blobs)
    {
        // Through the orchestration's serializer, as the input reaches the activity from the run's history.
        var sent = (CheckReadinessInput)RetrainSerialization.DataConverter.Deserialize(RetrainSerialization.DataConverter.Serialize(input), typeof(CheckReadinessInput))!;
        var retraining = Options.Create(new RetrainingOptions
        {
            ChurnHorizonDays = HorizonDays,
            Training = new ModelBundleTrainingOptions { MaxComponents = 4, Restarts = 1 },
        });
        var activity = new CheckReadinessActivity(new FeatureSnapshotReader(blobs, Options.Create(new SnapshotOptions())), retraining, new ActivityCancellation());
        return await activity.RunAsync(sent, Ct);
    }

    /// <summary>A snapshot written a shard at a time by the retraining's activity; its shards' counts in shard order.</summary>
    private async Task<IReadOnlyList<ShardReadinessCounts>> WriteAsync(
        string snapshotId, IEnumerable<CustomerFeatures> documents, DateTimeOffset asOf, int shards, int rowGroup)
    {
        using var features = await StoreAsync(snapshotId, documents);
        var writer = Writer(features, shards, rowGroup);
        var plan = await writer.PlanAsync(new SnapshotRequest(snapshotId, asOf, "sqlite"), Ct);
        var counts = new List<ShardReadinessCounts>();
        for (var shard = 0; shard < plan.Ranges.Count; shard++)
        {
            var written = await new WriteSnapshotShardActivity(writer, new ActivityCancellation())
                .RunAsync(new WriteSnapshotShardInput(snapshotId, asOf, shard, HorizonDays), Ct);
            var sent = (SnapshotShardWritten)RetrainSerialization.DataConverter.Deserialize(RetrainSerialization.DataConverter.Serialize(written), typeof(SnapshotShardWritten))!;
            counts.Add(sent.Readiness!);
        }

        await writer.CompleteAsync(plan, Ct);
        return counts;
    }

    /// <summary>A snapshot of every document, newer ones too, counted as the activity counts its shards.</summary>
    private async Task<IReadOnlyList<ShardReadinessCounts>> WriteWithNewerAsync(string snapshotId, IEnumerable<CustomerFeatures> documents, int shards, int rowGroup)
    {
        using var features = await StoreAsync(snapshotId, documents);
        var writer = Writer(features, shards, rowGroup);
        var plan = await writer.PlanAsync(new SnapshotRequest(snapshotId, T, "sqlite"), Ct);
        var counts = new List<ShardReadinessCounts>();
        for (var shard = 0; shard < plan.Ranges.Count; shard++)
        {
            var counter = new ReadinessCounter(T, DataReadinessCheck.Start(T, HorizonDays, cutoffDocuments: true));
            await writer.WriteShardAsync(plan, shard, include: null, rowGroup => counter.Add(rowGroup, Ct), Ct);
            counts.Add(counter.ToCounts());
        }

        await writer.CompleteAsync(plan, Ct);
        return counts;
    }

    private async Task<SqliteFeatureStore> StoreAsync(string name, IEnumerable<CustomerFeatures> documents)
    {
        var features = new SqliteFeatureStore(Path.Combine(_directory, $"{name}.db"));
        foreach (var document in documents)
        {
            Assert.True((await features.WriteAsync(document, null, Ct)).Succeeded);
        }

        return features;
    }

    private FeatureSnapshotWriter Writer(SqliteFeatureStore features, int shards, int rowGroup) => new(
        features, _blobs, Options.Create(new SnapshotOptions { RowGroupSize = rowGroup, Shards = shards }), new FixedTimeProvider(T.AddDays(1)),
        NullLogger<FeatureSnapshotWriter>.Instance);
}
