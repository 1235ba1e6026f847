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
    private readonly Option<FileInfo> _file = EventsFileOption.Create();

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
        if (EventsFileOption.TryOpen(file, console) is not { } stream)
        {
            return ExitCodes.Usage;
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
                return CommandRunner.Fail(console, ExitCodes.Usage, EventsFileOption.Unreadable(file, ex));
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

    private void WriteSummary(IngestTotals totals, TimeSpan elapsed) =>
        new SummaryTable("Ingest summary")
            .AddFeaturized("events read", totals.Sum)
            .Add("batches", totals.Batches)
            .Write(console, totals.Sum.Received, elapsed);
}
