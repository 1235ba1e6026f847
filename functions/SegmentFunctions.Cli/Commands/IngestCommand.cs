using System.CommandLine;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using SegmentFunctions.Application.Ingestion;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Cli.Ingest;
using Spectre.Console;

namespace SegmentFunctions.Cli.Commands;

/// <summary>
/// `segment ingest --file events.jsonl [--batch-size N] [--partitions P]`: featurizes a file of events (one JSON event
/// per line) into the configured feature store through the same featurizer as the Event Hubs function.
/// </summary>
internal sealed class IngestCommand(IServiceProvider services, IAnsiConsole console, TimeProvider time)
{
    private readonly Option<FileInfo> _file = new("--file", "-f")
    {
        Description = "JSON lines file, one event (contract v1) per line; blank lines are skipped.",
        Required = true,
    };

    private readonly Option<int> _batchSize = new("--batch-size")
    {
        Description = "Events per batch, as the Functions host's maxEventBatchSize.",
        DefaultValueFactory = _ => IngestSettings.DefaultBatchSize,
    };

    private readonly Option<int> _partitions = new("--partitions")
    {
        Description = "Partitions to spread customers over; partitions are processed concurrently.",
        DefaultValueFactory = _ => IngestSettings.DefaultPartitions,
    };

    public Command Create()
    {
        _batchSize.InRange(1, 100_000);
        _partitions.InRange(1, 1_024);

        var command = new Command("ingest", "Featurize a JSON-lines file of events into the feature store.")
        {
            _file, _batchSize, _partitions,
        };
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            parseResult.GetRequiredValue(_file), parseResult.GetValue(_batchSize), parseResult.GetValue(_partitions), cancellationToken));
        return command;
    }

    private async Task<int> RunAsync(FileInfo file, int batchSize, int partitions, CancellationToken cancellationToken)
    {
        if (Directory.Exists(file.FullName))
        {
            return CommandRunner.Fail(console, ExitCodes.Usage, $"The events file '{file.FullName}' is a directory; give a JSON-lines file.");
        }

        FileStream stream;
        try
        {
            stream = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16, useAsync: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or System.Security.SecurityException)
        {
            return CommandRunner.Fail(console, ExitCodes.Usage, $"Cannot read the events file '{file.FullName}': {ex.Message}");
        }

        await using (stream)
        {
            var now = time.GetUtcNow();
            var settings = new IngestSettings(batchSize, partitions, now);
            var ingestor = new EventFileIngestor(services.GetRequiredService<IEventBatchProcessor>());
            var clock = Stopwatch.StartNew();
            IngestTotals totals;
            try
            {
                totals = await console.Progress()
                    .AutoClear(false)
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                    .StartAsync(async context =>
                    {
                        var task = context.AddTask($"Ingesting {file.Name}", maxValue: Math.Max(1, stream.Length));
                        return await ingestor.IngestAsync(stream, settings, new ProgressTaskReporter(task), cancellationToken);
                    });
            }
            catch (StoreUnavailableException ex)
            {
                return CommandRunner.Fail(console, ExitCodes.Failure,
                    $"The store stayed unavailable: {ex.Message} Batches already written are kept; run the command again to resume (replayed events are skipped as duplicates).");
            }
            catch (IOException ex)
            {
                return CommandRunner.Fail(console, ExitCodes.Usage, $"Cannot read the events file '{file.FullName}': {ex.Message}");
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                WriteSummary(ingestor.Totals, clock.Elapsed);
                console.MarkupLine(
                    "[yellow]Interrupted:[/] the batches being featurized were finished and written; the rest of the file was not read. Run the command again to carry on: lines already applied are skipped.");
                return ExitCodes.Interrupted;
            }

            WriteSummary(totals, clock.Elapsed);
            return ExitCodes.Success;
        }
    }

    private void WriteSummary(IngestTotals totals, TimeSpan elapsed)
    {
        var sum = totals.Sum;
        var perSecond = elapsed.TotalSeconds > 0 ? sum.Received / elapsed.TotalSeconds : 0;
        var table = new Table().Title("Ingest summary").AddColumn("").AddColumn(new TableColumn("").RightAligned()).HideHeaders();
        table.AddRow("events read", Format(sum.Received));
        table.AddRow("accepted", Format(sum.Applied));
        table.AddRow("duplicates", Format(sum.Duplicates));
        table.AddRow("dead-lettered", Format(sum.DeadLettered));
        table.AddRow("suppressed (erased customers)", Format(sum.Suppressed));
        table.AddRow("accepted unchecked (beyond the dedupe horizon)", Format(sum.TooOldToCheck));
        table.AddRow("feature documents written", Format(sum.CustomersWritten));
        table.AddRow("batches", Format(totals.Batches));
        table.AddRow("elapsed", $"{elapsed.TotalSeconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)} s");
        table.AddRow("events/s", perSecond.ToString("N0", System.Globalization.CultureInfo.InvariantCulture));
        console.Write(table);
    }

    private static string Format(int value) => value.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
}
