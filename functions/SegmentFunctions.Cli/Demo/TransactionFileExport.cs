using SegmentFunctions.Application.Transactions;
using SegmentFunctions.Domain.Events;
using SegmentFunctions.Domain.Synthetic;
using SegmentFunctions.Domain.Training;
using SegmentFunctions.Domain.Transactions;

namespace SegmentFunctions.Cli.Demo;

/// <summary>
/// Turns a transaction file into the demo's two event files: every purchase becomes a purchase event of contract v1
/// (<see cref="PurchaseEvents"/>), in time order. T is the midnight after the last purchase day, so the last day is
/// known at T (<see cref="AsOfDays"/>), and the cut-off is T - H.
/// </summary>
internal static class TransactionFileExport
{
    /// <exception cref="TransactionFileException">A line or row cannot be read; the message names it.</exception>
    /// <exception cref="DemoInputException">The file holds too little history for a cut-off at T - H.</exception>
    public static async Task<DemoEvents> WriteAsync(
        DemoTransactions source, int horizonDays, DemoSettings settings, CancellationToken cancellationToken)
    {
        var reader = new TransactionFileReader(source.Options);
        var events = new List<CustomerEvent>();
        await using (var file = TransactionFileReader.Open(source.File.FullName))
        {
            await foreach (var transaction in reader.ReadAsync(file, cancellationToken))
            {
                events.Add(PurchaseEvents.From(transaction, events.Count));
            }
        }

        if (events.Count == 0)
        {
            throw new DemoInputException(reader.Tally.Rows == 0
                ? $"'{source.File.Name}' holds no transactions."
                : $"'{source.File.Name}' holds no purchases: {reader.Tally.Warning()}");
        }

        // A stable sort keeps a customer's purchases of one day in file order.
        events = [.. events.OrderBy(e => e.Timestamp)];
        var first = DateOnly.FromDateTime(events[0].Timestamp.UtcDateTime);
        var last = DateOnly.FromDateTime(events[^1].Timestamp.UtcDateTime);
        var asOf = AsOfDays.StartOf(last.AddDays(1));
        var cutoff = asOf.AddDays(-horizonDays);
        if (!AsOfDays.IsKnownAt(first, cutoff))
        {
            throw new DemoInputException(
                $"'{source.File.Name}' covers {first:yyyy-MM-dd} to {last:yyyy-MM-dd}, {last.DayNumber - first.DayNumber + 1} days; " +
                $"the churn horizon of {horizonDays} days needs purchases before the cut-off {cutoff:yyyy-MM-dd}.");
        }

        Directory.CreateDirectory(settings.Output.FullName);
        var writer = new EventJsonLinesWriter();
        var before = events.TakeWhile(e => e.Timestamp < cutoff).ToList();
        await WriteAsync(writer, before, settings.EventsBeforeCutoffPath, cancellationToken);
        await WriteAsync(writer, events.Skip(before.Count), settings.EventsInHoldoutPath, cancellationToken);
        var customers = events.Select(e => e.CustomerId).Distinct(StringComparer.Ordinal).Count();
        return new DemoEvents(events.Count, customers, cutoff, asOf, events[0].CustomerId, reader.Tally.NotPurchases);
    }

    private static async Task WriteAsync(EventJsonLinesWriter writer, IEnumerable<CustomerEvent> events, string path, CancellationToken cancellationToken)
    {
        await using var output = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        await writer.WriteAsync(events, output, cancellationToken);
    }
}
