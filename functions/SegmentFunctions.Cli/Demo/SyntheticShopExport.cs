using System.Globalization;
using SegmentFunctions.Domain.Events;
using SegmentFunctions.Domain.Synthetic;

namespace SegmentFunctions.Cli.Demo;

/// <summary>
/// Writes a synthetic shop as the producers would send it (JSON lines of contract v1, in the settings'
/// <see cref="DemoEventOrder"/>), split at the churn cut-off T - H so the pipeline can see the shop as of the cut-off,
/// and the generator's ground truth beside it (ground-truth.csv), which a model can only estimate.
/// </summary>
internal static class SyntheticShopExport
{
    /// <summary>Customers generated and encoded per parallel chunk: large enough to keep both cores busy, small enough to keep memory flat.</summary>
    private const int ChunkCustomers = 256;

    /// <param name="progress">Receives the number of events written so far.</param>
    public static async Task<DemoEvents> WriteAsync(SyntheticShopGenerator shop, DemoSettings settings, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(settings.Output.FullName);
        var cutoff = shop.Options.HoldoutStart;
        var (events, sampleCustomerId) = settings.EventOrder == DemoEventOrder.Customer
            ? await WriteByCustomerAsync(shop, settings, progress, cancellationToken)
            : await WriteInTimeOrderAsync(shop, settings, progress, cancellationToken);
        await WriteGroundTruthAsync(shop.GroundTruth(), settings.GroundTruthPath, cancellationToken);
        return new DemoEvents(events, shop.Options.Customers, cutoff, shop.Options.End,
            sampleCustomerId ?? throw new InvalidOperationException("The synthetic shop generated no events."));
    }

    /// <summary>
    /// Customer after customer. Customers are independent (each depends only on the seed and its index), so chunks of
    /// them are generated and encoded in parallel and written in index order: the files are the same on any machine.
    /// </summary>
    private static async Task<(long Events, string? SampleCustomerId)> WriteByCustomerAsync(
        SyntheticShopGenerator shop, DemoSettings settings, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var cutoff = shop.Options.HoldoutStart;
        await using var before = Create(settings.EventsBeforeCutoffPath);
        await using var holdout = Create(settings.EventsInHoldoutPath);
        long written = 0;
        string? sample = null;
        var customers = shop.Options.Customers;
        for (var first = 0; first < customers; first += ChunkCustomers)
        {
            var count = Math.Min(ChunkCustomers, customers - first);
            var chunk = new EncodedCustomer[count];
            Parallel.For(0, count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
                chunk[i] = EncodedCustomer.Of(shop.Customer(first + i), cutoff));
            foreach (var customer in chunk)
            {
                await before.WriteAsync(customer.BeforeCutoff, cancellationToken);
                await holdout.WriteAsync(customer.Holdout, cancellationToken);
                written += customer.Events;
                sample ??= customer.Events > 0 ? customer.CustomerId : null;
            }

            progress?.Report(written);
        }

        return (written, sample);
    }

    /// <summary>
    /// One pass over the generated stream, which is in time order: the events before the cut-off go to the first file,
    /// the rest to the second. Generating costs as much as writing, so the stream is not generated twice.
    /// </summary>
    private static async Task<(long Events, string? SampleCustomerId)> WriteInTimeOrderAsync(
        SyntheticShopGenerator shop, DemoSettings settings, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var cutoff = shop.Options.HoldoutStart;
        var writer = new EventJsonLinesWriter();
        using var events = Counted(shop.EventsInTimeOrder(), progress).GetEnumerator();
        var more = events.MoveNext();
        var sampleCustomerId = more ? events.Current.CustomerId : null;
        var before = await WriteAsync(writer, TakeWhile(e => e.Timestamp < cutoff), settings.EventsBeforeCutoffPath, cancellationToken);
        var holdout = await WriteAsync(writer, TakeWhile(_ => true), settings.EventsInHoldoutPath, cancellationToken);
        return (before + holdout, sampleCustomerId);

        IEnumerable<CustomerEvent> TakeWhile(Func<CustomerEvent, bool> predicate)
        {
            while (more && predicate(events.Current))
            {
                yield return events.Current;
                more = events.MoveNext();
            }
        }
    }

    private static async Task WriteGroundTruthAsync(IEnumerable<SyntheticCustomerTruth> customers, string path, CancellationToken cancellationToken)
    {
        await using var truth = new StreamWriter(path);
        await truth.WriteLineAsync("customerId,segment,firstSeenAt,dropoutAt,purchasesBeforeHoldout,purchasesInHoldout,churnedInHoldout");
        foreach (var customer in customers)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await truth.WriteLineAsync(string.Join(',',
                customer.CustomerId,
                customer.Segment,
                customer.FirstSeenAt.ToString("O", CultureInfo.InvariantCulture),
                customer.DropoutAt?.ToString("O", CultureInfo.InvariantCulture) ?? string.Empty,
                customer.PurchasesBeforeHoldout.ToString(CultureInfo.InvariantCulture),
                customer.PurchasesInHoldout.ToString(CultureInfo.InvariantCulture),
                customer.ChurnedInHoldout ? "true" : "false"));
        }
    }

    private static FileStream Create(string path) =>
        new(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);

    /// <summary>One customer's events as JSON lines, split at the cut-off.</summary>
    private sealed record EncodedCustomer(string CustomerId, long Events, ReadOnlyMemory<byte> BeforeCutoff, ReadOnlyMemory<byte> Holdout)
    {
        public static EncodedCustomer Of(SyntheticCustomer customer, DateTimeOffset cutoff)
        {
            var writer = new EventJsonLinesWriter();
            var before = new MemoryStream();
            var holdout = new MemoryStream();
            var events = writer.Write(customer.Events.Where(e => e.Timestamp < cutoff), before)
                + writer.Write(customer.Events.Where(e => e.Timestamp >= cutoff), holdout);
            return new EncodedCustomer(customer.Truth.CustomerId, events, Bytes(before), Bytes(holdout));
        }

        private static ReadOnlyMemory<byte> Bytes(MemoryStream stream) => stream.GetBuffer().AsMemory(0, (int)stream.Length);
    }

    private static async Task<long> WriteAsync(EventJsonLinesWriter writer, IEnumerable<CustomerEvent> events, string path, CancellationToken cancellationToken)
    {
        await using var output = Create(path);
        return await writer.WriteAsync(events, output, cancellationToken);
    }

    private static IEnumerable<CustomerEvent> Counted(IEnumerable<CustomerEvent> events, IProgress<long>? progress)
    {
        long written = 0;
        foreach (var e in events)
        {
            yield return e;
            if (++written % 10_000 == 0)
            {
                progress?.Report(written);
            }
        }

        progress?.Report(written);
    }
}
