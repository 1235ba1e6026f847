using System.Globalization;
using SegmentFunctions.Domain.Events;
using SegmentFunctions.Domain.Synthetic;

namespace SegmentFunctions.Cli.Demo;

/// <summary>
/// Writes a synthetic shop as the producers would send it (events.jsonl, contract v1, in time order) and the
/// generator's ground truth beside it (ground-truth.csv), which a model can only estimate.
/// </summary>
internal static class SyntheticShopExport
{
    /// <param name="progress">Receives the number of events written so far.</param>
    public static async Task<long> WriteAsync(SyntheticShopGenerator shop, DemoSettings settings, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(settings.Output.FullName);
        long events;
        await using (var output = new FileStream(settings.EventsPath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
        {
            events = await new EventJsonLinesWriter().WriteAsync(Counted(shop.EventsInTimeOrder(), progress), output, cancellationToken);
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

        return events;
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
