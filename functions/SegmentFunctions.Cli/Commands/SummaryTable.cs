using System.Globalization;
using SegmentFunctions.Application.Ingestion;
using Spectre.Console;

namespace SegmentFunctions.Cli.Commands;

/// <summary>
/// The summary table the streaming commands (`ingest`, `send`, `consume`) end with: named counts, then the elapsed
/// time and the events per second over it, in one layout.
/// </summary>
internal sealed class SummaryTable(string title)
{
    private readonly List<(string Label, string Value)> rows = [];

    public SummaryTable Add(string label, long value)
    {
        rows.Add((label, Format(value)));
        return this;
    }

    /// <summary>What the featurizer did with the events, <paramref name="eventsLabel"/> naming the events it was given.</summary>
    public SummaryTable AddFeaturized(string eventsLabel, BatchResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return Add(eventsLabel, result.Received)
            .Add("accepted", result.Applied)
            .Add("duplicates", result.Duplicates)
            .Add("dead-lettered", result.DeadLettered)
            .Add("suppressed (erased customers)", result.Suppressed)
            .Add("accepted unchecked (beyond the dedupe horizon)", result.TooOldToCheck)
            .Add("feature documents written", result.CustomersWritten);
    }

    /// <summary>Writes the table with the elapsed time and <paramref name="events"/> per second over it.</summary>
    public void Write(IAnsiConsole console, long events, TimeSpan elapsed)
    {
        var perSecond = elapsed.TotalSeconds > 0 ? events / elapsed.TotalSeconds : 0;
        var table = new Table().Title(title).AddColumn("").AddColumn(new TableColumn("").RightAligned()).HideHeaders();
        foreach (var (label, value) in rows)
        {
            table.AddRow(label, value);
        }

        table.AddRow("elapsed", $"{elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s");
        table.AddRow("events/s", perSecond.ToString("N0", CultureInfo.InvariantCulture));
        console.Write(table);
    }

    private static string Format(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
