using SegmentFunctions.Cli.Demo;
using SegmentFunctions.Domain.Events;
using SegmentFunctions.Domain.Synthetic;

namespace SegmentFunctions.Cli.Tests;

public sealed class SyntheticShopExportTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("segment-export-");

    [Fact]
    public async Task Both_event_orders_send_the_same_events_on_each_side_of_the_cutoff()
    {
        var byCustomer = await ExportAsync(DemoEventOrder.Customer);
        var inTime = await ExportAsync(DemoEventOrder.Time);

        Assert.Equal(inTime.Events, byCustomer.Events);
        Assert.True(byCustomer.Events > 1_000, $"{byCustomer.Events} events");
        Assert.Equal(Sorted(inTime.Settings.EventsBeforeCutoffPath), Sorted(byCustomer.Settings.EventsBeforeCutoffPath));
        Assert.Equal(Sorted(inTime.Settings.EventsInHoldoutPath), Sorted(byCustomer.Settings.EventsInHoldoutPath));
        Assert.Equal(File.ReadAllLines(inTime.Settings.GroundTruthPath), File.ReadAllLines(byCustomer.Settings.GroundTruthPath));
    }

    [Fact]
    public async Task A_backfill_sends_each_customer_once_in_time_order_and_the_live_order_interleaves_them()
    {
        var byCustomer = await ExportAsync(DemoEventOrder.Customer);
        var inTime = await ExportAsync(DemoEventOrder.Time);
        var cutoff = Shop.HoldoutStart;

        var backfill = Events(byCustomer.Settings.EventsBeforeCutoffPath);
        Assert.All(backfill, e => Assert.True(e.Timestamp < cutoff));
        var runs = backfill.Select(e => e.CustomerId).Where((id, i) => i == 0 || backfill[i - 1].CustomerId != id).ToList();
        Assert.Equal(runs.Count, runs.Distinct().Count());
        Assert.All(backfill.GroupBy(e => e.CustomerId), customer =>
            Assert.Equal(customer.Select(e => e.Timestamp).Order(), customer.Select(e => e.Timestamp)));

        var live = Events(inTime.Settings.EventsBeforeCutoffPath);
        Assert.Equal(live.Select(e => e.Timestamp).Order(), live.Select(e => e.Timestamp));
        var liveRuns = live.Select(e => e.CustomerId).Where((id, i) => i == 0 || live[i - 1].CustomerId != id).Count();
        Assert.True(liveRuns > runs.Count * 10, $"{liveRuns} runs of one customer in time order, {runs.Count} in a backfill");
    }

    public void Dispose() => _root.Delete(recursive: true);

    private static SyntheticShopOptions Shop => new() { Customers = 60, Months = 6, Seed = 5 };

    private async Task<(DemoSettings Settings, long Events)> ExportAsync(DemoEventOrder order)
    {
        var settings = new DemoSettings(Shop.Customers, Shop.Months, Shop.Seed, new DirectoryInfo(Path.Combine(_root.FullName, order.ToString())), EventOrder: order);
        var events = await SyntheticShopExport.WriteAsync(new SyntheticShopGenerator(Shop), settings, progress: null, CancellationToken.None);
        return (settings, events.Events);
    }

    private static string[] Sorted(string path) => [.. File.ReadAllLines(path).Order(StringComparer.Ordinal)];

    private static List<CustomerEvent> Events(string path) =>
        [.. File.ReadAllLines(path).Select(line => EventParser.Parse(line, DateTimeOffset.MaxValue).Event!)];
}
