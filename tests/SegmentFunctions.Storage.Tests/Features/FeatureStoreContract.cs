using System.Collections.Concurrent;
using System.Text.Json;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Domain.Features;
using SegmentFunctions.Domain.Serialization;
using static SegmentFunctions.Storage.Tests.Features.FeatureSamples;

namespace SegmentFunctions.Storage.Tests.Features;

/// <summary>The behaviour every <see cref="IFeatureStore"/> must have, run against each implementation.</summary>
public abstract class FeatureStoreContract
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(2));

    private CancellationToken Ct => _timeout.Token;

    protected abstract IFeatureStore Store { get; }

    /// <summary>More than one page of either implementation's scan.</summary>
    protected virtual int ReadAllCount => 600;

    [Fact]
    public async Task Created_document_reads_back_with_its_etag()
    {
        var id = NewCustomerId();
        var written = await Store.WriteAsync(Customer(id, orders: 3), null, Ct);

        var read = await Store.ReadAsync(id, Ct);

        Assert.True(written.Succeeded);
        Assert.NotNull(read);
        Assert.Equal(written.ETag, read.ETag);
        Assert.Equal(id, read.Features.CustomerId);
        Assert.Equal(3, read.Features.Orders);
        Assert.Equal(37.02m, read.Features.Revenue);
        Assert.Equal(3, read.Features.Count("purchase"));
        Assert.Equal(new PurchaseDay(new DateOnly(2026, 1, 2), 37.02m, 3), Assert.Single(read.Features.PurchaseDays));
        Assert.Equal(42, read.Features.Processing.Watermarks["hub/0"]);
        Assert.Equal(Customer(id).Processing.RecentKeys.Keys.ToArray(), read.Features.Processing.RecentKeys.Keys.ToArray());
        Assert.Equal(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), read.Features.FirstSeenAt);
    }

    [Fact]
    public async Task Missing_document_reads_as_null()
    {
        Assert.Null(await Store.ReadAsync(NewCustomerId(), Ct));
    }

    [Fact]
    public async Task Replace_with_current_etag_succeeds_and_changes_the_etag()
    {
        var id = NewCustomerId();
        var created = await Store.WriteAsync(Customer(id, orders: 1), null, Ct);

        var replaced = await Store.WriteAsync(Customer(id, orders: 2), created.ETag, Ct);

        Assert.True(replaced.Succeeded);
        Assert.NotEqual(created.ETag, replaced.ETag);
        var read = await Store.ReadAsync(id, Ct);
        Assert.Equal(2, read!.Features.Orders);
        Assert.Equal(replaced.ETag, read.ETag);
    }

    [Fact]
    public async Task Replace_with_stale_etag_conflicts_and_keeps_the_newer_document()
    {
        var id = NewCustomerId();
        var created = await Store.WriteAsync(Customer(id, orders: 1), null, Ct);
        await Store.WriteAsync(Customer(id, orders: 2), created.ETag, Ct);

        var stale = await Store.WriteAsync(Customer(id, orders: 99), created.ETag, Ct);

        Assert.Equal(FeatureWriteResult.Conflict, stale);
        Assert.Equal(2, (await Store.ReadAsync(id, Ct))!.Features.Orders);
    }

    [Fact]
    public async Task Create_of_an_existing_document_conflicts()
    {
        var id = NewCustomerId();
        await Store.WriteAsync(Customer(id, orders: 1), null, Ct);

        var second = await Store.WriteAsync(Customer(id, orders: 5), null, Ct);

        Assert.Equal(FeatureWriteResult.Conflict, second);
        Assert.Equal(1, (await Store.ReadAsync(id, Ct))!.Features.Orders);
    }

    [Fact]
    public async Task Replace_of_a_missing_document_conflicts()
    {
        var id = NewCustomerId();

        var result = await Store.WriteAsync(Customer(id), "\"not-an-etag\"", Ct);

        Assert.Equal(FeatureWriteResult.Conflict, result);
        Assert.Null(await Store.ReadAsync(id, Ct));
    }

    [Fact]
    public async Task Delete_removes_the_document_once()
    {
        var id = NewCustomerId();
        await Store.WriteAsync(Customer(id), null, Ct);

        Assert.True(await Store.DeleteAsync(id, Ct));
        Assert.Null(await Store.ReadAsync(id, Ct));
        Assert.False(await Store.DeleteAsync(id, Ct));
        Assert.True((await Store.WriteAsync(Customer(id), null, Ct)).Succeeded);
    }

    [Fact]
    public async Task ReadAll_streams_every_document_once()
    {
        var ids = Enumerable.Range(0, ReadAllCount).Select(_ => NewCustomerId()).ToList();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = Ct },
            async (id, ct) => Assert.True((await Store.WriteAsync(Customer(id), null, ct)).Succeeded));

        var seen = new List<string>();
        await foreach (var features in Store.ReadAllAsync(Ct))
        {
            seen.Add(features.CustomerId);
            Assert.Equal(42, features.Processing.Watermarks["hub/0"]);
        }

        Assert.Equal(ids.Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_ranges_of_a_split_hold_every_document_exactly_once()
    {
        var ids = Enumerable.Range(0, ReadAllCount).Select(_ => NewCustomerId()).ToList();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = Ct },
            async (id, ct) => Assert.True((await Store.WriteAsync(Customer(id), null, ct)).Succeeded));

        var ranges = await Store.SplitAsync(4, Ct);
        var later = NewCustomerId();
        Assert.True((await Store.WriteAsync(Customer(later), null, Ct)).Succeeded);
        var seen = new List<string>();
        foreach (var range in ranges)
        {
            await foreach (var features in Store.ReadRangeAsync(range, Ct))
            {
                seen.Add(features.CustomerId);
            }
        }

        Assert.InRange(ranges.Count, 1, 4);
        Assert.Equal(ranges.Count, ranges.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(ids.Append(later).Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_range_token_of_another_kind_is_refused()
    {
        await Assert.ThrowsAsync<ArgumentException>(async () =>
        {
            await foreach (var _ in Store.ReadRangeAsync("not a range", Ct))
            {
            }
        });
    }

    [Fact]
    public async Task Two_writers_from_the_same_etag_exactly_one_wins()
    {
        var id = NewCustomerId();
        var created = await Store.WriteAsync(Customer(id, orders: 1), null, Ct);

        var results = await Task.WhenAll(
            Task.Run(() => Store.WriteAsync(Customer(id, orders: 10), created.ETag, Ct)),
            Task.Run(() => Store.WriteAsync(Customer(id, orders: 20), created.ETag, Ct)));

        var winner = Assert.Single(results, r => r.Succeeded);
        Assert.Single(results, r => !r.Succeeded);
        var read = await Store.ReadAsync(id, Ct);
        Assert.Equal(winner.ETag, read!.ETag);
        Assert.Contains(read.Features.Orders, new[] { 10, 20 });
    }

    [Fact]
    public async Task Concurrent_read_modify_write_loses_no_update()
    {
        const int writers = 6;
        const int incrementsPerWriter = 5;
        var id = NewCustomerId();
        await Store.WriteAsync(Customer(id, orders: 0), null, Ct);

        await Parallel.ForEachAsync(Enumerable.Range(0, writers), new ParallelOptions { MaxDegreeOfParallelism = writers, CancellationToken = Ct },
            async (_, ct) =>
            {
                for (var i = 0; i < incrementsPerWriter; i++)
                {
                    await IncrementOrdersAsync(id, ct);
                }
            });

        Assert.Equal(writers * incrementsPerWriter, (await Store.ReadAsync(id, Ct))!.Features.Orders);
    }

    [Fact]
    public async Task Two_hundred_customers_written_concurrently_all_read_back()
    {
        var ids = Enumerable.Range(0, 200).Select(_ => NewCustomerId()).ToList();
        var orders = new ConcurrentDictionary<string, int>();

        await Parallel.ForEachAsync(ids.Select((id, i) => (id, i)), new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = Ct },
            async (item, ct) =>
            {
                orders[item.id] = item.i + 1;
                Assert.True((await Store.WriteAsync(Customer(item.id, orders: item.i + 1), null, ct)).Succeeded);
            });

        foreach (var id in ids)
        {
            Assert.Equal(orders[id], (await Store.ReadAsync(id, Ct))!.Features.Orders);
        }
    }

    [Fact]
    public async Task Serving_read_has_every_feature_but_the_processing_state()
    {
        var id = NewCustomerId();
        var written = Customer(id, orders: 3);
        written.Categories["books"] = 4;
        written.Channels["web"] = 9;
        written.LastSeenAt = new DateTimeOffset(2026, 2, 3, 4, 5, 6, TimeSpan.Zero);
        await Store.WriteAsync(written, null, Ct);

        var read = await Store.ReadFeaturesAsync(id, Ct);

        Assert.NotNull(read);
        Assert.Empty(read.Processing.Watermarks);
        written.Processing = new ProcessingState();
        Assert.Equal(
            JsonSerializer.Serialize(written, DomainJsonContext.Default.CustomerFeatures),
            JsonSerializer.Serialize(read, DomainJsonContext.Default.CustomerFeatures));
    }

    [Fact]
    public async Task Serving_read_of_a_missing_document_is_null()
    {
        Assert.Null(await Store.ReadFeaturesAsync(NewCustomerId(), Ct));
    }

    [Fact]
    public async Task Serving_read_sees_each_committed_replace_and_the_delete()
    {
        var id = NewCustomerId();
        var etag = (await Store.WriteAsync(Customer(id, orders: 1), null, Ct)).ETag;
        for (var orders = 2; orders <= 5; orders++)
        {
            etag = (await Store.WriteAsync(Customer(id, orders), etag, Ct)).ETag;
            Assert.Equal(orders, (await Store.ReadFeaturesAsync(id, Ct))!.Orders);
        }

        await Store.DeleteAsync(id, Ct);

        Assert.Null(await Store.ReadFeaturesAsync(id, Ct));
    }

    [Fact]
    public async Task Concurrent_serving_reads_during_writes_each_see_a_whole_committed_document()
    {
        var ids = Enumerable.Range(0, 20).Select(_ => NewCustomerId()).ToList();
        foreach (var id in ids)
        {
            await Store.WriteAsync(Customer(id, orders: 1), null, Ct);
        }

        var writes = Task.Run(async () =>
        {
            foreach (var id in ids)
            {
                var current = (await Store.ReadAsync(id, Ct))!;
                await Store.WriteAsync(Customer(id, orders: 2), current.ETag, Ct);
            }
        });
        var reads = Parallel.ForEachAsync(Enumerable.Range(0, 200), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = Ct },
            async (i, ct) =>
            {
                var read = (await Store.ReadFeaturesAsync(ids[i % ids.Count], ct))!;
                Assert.Contains(read.Orders, new[] { 1, 2 });
                Assert.Equal(12.34m * read.Orders, read.Revenue);
            });
        await Task.WhenAll(writes, reads);

        foreach (var id in ids)
        {
            Assert.Equal(2, (await Store.ReadFeaturesAsync(id, Ct))!.Orders);
        }
    }

    /// <summary>The ingestion pattern: read, apply, write with the read ETag, and on conflict start over.</summary>
    private async Task IncrementOrdersAsync(string id, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var current = (await Store.ReadAsync(id, ct))!;
            current.Features.Orders++;
            if ((await Store.WriteAsync(current.Features, current.ETag, ct)).Succeeded)
            {
                return;
            }
        }

        Assert.Fail("An increment kept conflicting for 200 attempts.");
    }
}
