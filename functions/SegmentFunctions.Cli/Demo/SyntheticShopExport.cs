using System.Globalization;
using SegmentFunctions.Domain.Events;
using SegmentFunctions.Domain.Synthetic;

namespace SegmentFunctions.Cli.Demo;

/// <summary>
/// Writes a synthetic shop as the producers would send it (JSON lines of contract v1, in time order), split at the
/// churn cut-off T - H so the pipeline can see the shop as of the cut-off, and the generator's ground truth beside it
/// (ground-truth.csv), which a model can only estimate.
/// </summary>
internal static class SyntheticShopExport
{
    /// <param name="progress">Receives the number of events written so far.</param>
    public static async Task<DemoEvents> WriteAsync(SyntheticShopGenerator shop, DemoSettings settings, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(settings.Output.FullName);
        // One pass over the generated stream, which is in time order: the events before the cut-off go to the first
        // file, the rest to the second. Generating costs as much as writing, so the stream is not generated twice.
        var cutoff = shop.Options.HoldoutStart;
        var writer = new EventJsonLinesWriter();
        using var events = Counted(shop.EventsInTimeOrder(), progress).GetEnumerator();
        var more = events.MoveNext();
        var sampleCustomerId = more ? events.Current.CustomerId : null;
        var before = await WriteAsync(writer, TakeWhile(e => e.Timestamp < cutoff), settings.EventsBeforeCutoffPath, cancellationToken);
        var holdout = await WriteAsync(writer, TakeWhile(_ => true), settings.EventsInHoldoutPath, cancellationToken);

        IEnumerable<CustomerEvent> TakeWhile(Func<CustomerEvent, bool> predicate)
        {
            while (more && predicate(events.Current))
            {
                yield return events.Current;
                more = events.MoveNext();
            }
        }

        await using var truth = new StreamWriter(settings.GroundTruthPath);
        await truth.WriteLineAsync("customerId,segment,firstSeenAt,dropoutAt,purchasesBeforeHoldout,purchasesInHoldout,churnedInHoldout");
        foreach (var customer in shop.GroundTruth())
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

        return new DemoEvents(before + holdout, shop.Options.Customers, cutoff, shop.Options.End,
            sampleCustomerId ?? throw new InvalidOperationException("The synthetic shop generated no events."));
    }

    private static async Task<long> WriteAsync(EventJsonLinesWriter writer, IEnumerable<CustomerEvent> events, string path, CancellationToken cancellationToken)
    {
        await using var output = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
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
