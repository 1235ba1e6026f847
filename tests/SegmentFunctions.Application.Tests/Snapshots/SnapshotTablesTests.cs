using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Application.Snapshots;
using SegmentFunctions.Application.Tests.Ingestion;
using SegmentFunctions.Application.Tests.Storage;
using SegmentFunctions.Domain.Events;
using SegmentFunctions.Domain.Features;
using SegmentFunctions.Domain.Models.Lifetime;
using SegmentFunctions.Domain.Readiness;
using SegmentFunctions.Domain.Synthetic;
using SegmentFunctions.Domain.Training;
using SegmentFunctions.Testing;

namespace SegmentFunctions.Application.Tests.Snapshots;

/// <summary>
/// Snapshot tables built from snapshots in an in-memory blob store, row groups of 50 so a table spans several, against
/// the documents they were written from.
/// </summary>
public sealed class SnapshotTablesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 16, 0, 0, TimeSpan.Zero);
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(1));
    private readonly InMemoryBlobStore _blobs = new(TimeProvider.System);
    private readonly IOptions<SnapshotOptions> _options = Options.Create(new SnapshotOptions { RowGroupSize = 50 });
    private readonly SyntheticShopOptions _shop = new() { Customers = 240, Seed = 5 };

    private CancellationToken Ct => _timeout.Token;

    private DateTimeOffset AsOf => _shop.End;

    [Fact]
    public async Task The_table_holds_the_training_table_of_the_snapshot_and_skips_customers_not_yet_seen()
    {
        var documents = Documents();
        var late = CustomerFeaturesFolder.Fold("late-customer", [TestEvents.Make("late-e1", EventType.PageView, "late-customer", AsOf)]);
        await SnapshotAsync("s1", [.. documents, late]);

        var table = await Tables().GetAsync("s1", LifetimeTimeUnit.Week, Ct);

        var expected = new TrainingTableBuilder(new TrainingTableOptions { DropConstantColumns = false }).Build(documents, AsOf);
        Assert.Equal(AsOf, table.AsOf);
        Assert.Equal(documents.Count + 1, table.Documents);
        Assert.Equal(1, table.NotKnown);
        Assert.Equal(expected.CustomerIds, table.Features.CustomerIds);
        Assert.Equal(expected.ColumnNames, table.Features.ColumnNames);
        Assert.Equal(expected.Values.ToArray(), table.Features.Values.ToArray());
        Assert.Equal(expected.Report.ImputedCounts, table.Features.Report.ImputedCounts);
        Assert.Equal(expected.Report.Warnings, table.Features.Report.Warnings);
        Assert.Equal(documents.Count(d => d.FirstPurchaseAt <= AsOf), table.Buyers());
    }

    [Fact]
    public async Task Timelines_give_the_readiness_report_and_purchase_windows_of_the_documents()
    {
        var documents = Documents();
        await SnapshotAsync("s1", documents);
        var table = await Tables().GetAsync("s1", LifetimeTimeUnit.Week, Ct);
        var check = new DataReadinessCheck(new DataReadinessOptions { MinCustomers = 100 });

        var expected = check.Evaluate(documents, AsOf, 90);
        var actual = check.Evaluate(table.Timelines(), AsOf, 90);

        Assert.Equal(expected.Checks, actual.Checks);
        Assert.Equal(expected.Fallback, actual.Fallback);
        var from = AsOf.AddDays(-90);
        var byId = documents.ToDictionary(d => d.CustomerId, StringComparer.Ordinal);
        for (var i = 0; i < table.Features.RowCount; i++)
        {
            var document = byId[table.Features.CustomerIds[i]];
            Assert.Equal(document.PurchaseDays.Any(d => AsOfDays.IsInWindow(d.Date, from, AsOf)), table.BoughtInWindow(i, from, AsOf));
        }

        Assert.Contains(Enumerable.Range(0, table.Features.RowCount), i => table.BoughtInWindow(i, from, AsOf));
        Assert.Contains(Enumerable.Range(0, table.Features.RowCount), i => !table.BoughtInWindow(i, from, AsOf));
    }

    [Fact]
    public async Task Requests_share_one_table_per_snapshot_content_and_time_unit()
    {
        var documents = Documents();
        await SnapshotAsync("s1", documents);
        var tables = Tables();

        var together = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => tables.GetAsync("s1", LifetimeTimeUnit.Week, Ct)));
        var days = await tables.GetAsync("s1", LifetimeTimeUnit.Day, Ct);

        Assert.All(together, t => Assert.Same(together[0], t));
        Assert.NotSame(together[0], days);
        Assert.Equal(LifetimeTimeUnit.Day, days.Features.TimeUnit);
        Assert.Same(together[0], await tables.GetAsync("s1", LifetimeTimeUnit.Week, Ct));
    }

    [Fact]
    public async Task A_snapshot_rewritten_with_other_content_gets_a_new_table()
    {
        var documents = Documents();
        await SnapshotAsync("s1", documents);
        var tables = Tables();
        var first = await tables.GetAsync("s1", LifetimeTimeUnit.Week, Ct);

        var folder = new SnapshotLayout(_options.Value.Container).Folder("s1");
        var written = new List<string>();
        await foreach (var blob in _blobs.ListAsync(folder, Ct))
        {
            written.Add(blob.Path);
        }

        foreach (var path in written)
        {
            await _blobs.DeleteAsync(path, Ct);
        }

        await SnapshotAsync("s1", documents.Take(60));
        var rewritten = await tables.GetAsync("s1", LifetimeTimeUnit.Week, Ct);

        Assert.Equal(documents.Count, first.Documents);
        Assert.Equal(60, rewritten.Documents);
        Assert.NotEqual(first.ContentSha256, rewritten.ContentSha256);
    }

    [Fact]
    public async Task A_missing_snapshot_is_reported_and_not_cached()
    {
        var tables = Tables();

        await Assert.ThrowsAsync<SnapshotNotFoundException>(() => tables.GetAsync("nowhere", LifetimeTimeUnit.Week, Ct));
        await SnapshotAsync("nowhere", Documents().Take(10));

        Assert.Equal(10, (await tables.GetAsync("nowhere", LifetimeTimeUnit.Week, Ct)).Documents);
    }

    /// <summary>The build is shared: the first requester giving up must not fail the requests still waiting for it.</summary>
    [Fact]
    public async Task A_cancelled_request_does_not_cancel_the_build_another_request_waits_for()
    {
        var documents = Documents();
        await SnapshotAsync("s1", documents);
        var gated = new GatedDownloadsBlobStore(_blobs);
        var tables = new SnapshotTables(new FeatureSnapshotReader(gated, _options), Options.Create(new SnapshotOptions { RowGroupSize = 50 }));
        using var first = new CancellationTokenSource();

        var abandoned = tables.GetAsync("s1", LifetimeTimeUnit.Week, first.Token);
        var waiting = tables.GetAsync("s1", LifetimeTimeUnit.Week, Ct);
        await gated.DownloadStarted.WaitAsync(Ct);
        await first.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        gated.Release();

        Assert.Equal(documents.Count, (await waiting).Documents);
    }

    private SnapshotTables Tables() => new(new FeatureSnapshotReader(_blobs, _options), Options.Create(new SnapshotOptions { RowGroupSize = 50, CachedTables = 2 }));

    private List<CustomerFeatures> Documents() =>
        [.. new SyntheticShopGenerator(_shop).Customers().Select(c => CustomerFeaturesFolder.Fold(c.Truth.CustomerId, c.Events))];

    private async Task SnapshotAsync(string snapshotId, IEnumerable<CustomerFeatures> documents)
    {
        var features = new InMemoryFeatureStore();
        foreach (var document in documents)
        {
            Assert.True((await features.WriteAsync(document, null, Ct)).Succeeded);
        }

        var writer = new FeatureSnapshotWriter(features, _blobs, _options, new FixedTimeProvider(Now), NullLogger<FeatureSnapshotWriter>.Instance);
        await writer.WriteAsync(new SnapshotRequest(snapshotId, AsOf, "memory"), include: null, Ct);
    }
}
