using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using SegmentFunctions.Cli.Send;
using SegmentFunctions.Storage.EventHubs;
using Spectre.Console;

namespace SegmentFunctions.Cli.Commands;

/// <summary>
/// `segment send --file events.jsonl [--event-hub NAME] [--concurrency N]`: sends a JSON-lines file of events to the
/// Event Hub of the function app's settings (<c>EventHubConnection</c> or <c>EventHubConnection__fullyQualifiedNamespace</c>,
/// <c>EventHubName</c>), partitioned by customer id.
/// </summary>
internal sealed class SendCommand(IConfiguration configuration, IAnsiConsole console)
{
    /// <summary>Skipped lines printed one by one; beyond, only their count.</summary>
    private const int SkippedLinesShown = 50;

    private readonly Option<FileInfo> _file = EventsFileOption.Create();

    private readonly Option<string> _eventHub = new("--event-hub")
    {
        Description = "Event hub to send to (default: the EventHubName setting, or the connection string's EntityPath).",
    };

    private readonly Option<int> _concurrency = new("--concurrency")
    {
        Description = "Batches in flight at once, over all partitions (a partition's batches are sent one after another).",
        DefaultValueFactory = _ => 8,
    };

    public Command Create()
    {
        _concurrency.InRange(1, 256);
        var command = new Command("send", "Send a JSON-lines file of events to the Event Hub, partitioned by customer.")
        {
            _file, _eventHub, _concurrency,
        };
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            parseResult.GetRequiredValue(_file), parseResult.GetValue(_eventHub), parseResult.GetValue(_concurrency), cancellationToken));
        return command;
    }

    private async Task<int> RunAsync(FileInfo file, string? eventHub, int concurrency, CancellationToken cancellationToken)
    {
        EventHubSettings connection;
        try
        {
            connection = EventHubSettings.From(configuration, eventHub);
        }
        catch (InvalidOperationException ex)
        {
            return CommandRunner.Fail(console, ExitCodes.Usage, ex.Message);
        }

        if (EventsFileOption.TryOpen(file, console) is not { } stream)
        {
            return ExitCodes.Usage;
        }

        var options = new EventHubsOptions();
        configuration.GetSection(EventHubsOptions.SectionName).Bind(options);
        await using (stream)
        await using (var producer = connection.CreateProducer(options.ToRetryOptions()))
        {
            var skipped = new List<SkippedLine>();
            var sender = new EventFileSender(producer, concurrency);
            var clock = Stopwatch.StartNew();
            SendTotals totals;
            try
            {
                totals = await console.Progress()
                    .AutoClear(false)
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                    .StartAsync(async context =>
                    {
                        var task = context.AddTask($"Sending {file.Name} to {connection.EventHubName}", maxValue: Math.Max(1, stream.Length));
                        return await sender.SendAsync(stream, new ProgressTaskReporter(task), skipped.Add, cancellationToken);
                    });
            }
            catch (EventSendFailedException ex)
            {
                ReportSkipped(file, skipped);
                return CommandRunner.Fail(console, ExitCodes.Failure,
                    $"{ex.Message} {Format(ex.Totals.Events)} events in {Format(ex.Totals.Batches)} batches were sent before the failure; "
                    + "the others were not. Sending the file again is safe: the featurizer applies an event sent twice once.");
            }
            catch (IOException ex)
            {
                return CommandRunner.Fail(console, ExitCodes.Usage, EventsFileOption.Unreadable(file, ex));
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                ReportSkipped(file, skipped);
                WriteSummary(sender.Totals, clock.Elapsed, connection.EventHubName);
                console.MarkupLineInterpolated(
                    $"[yellow]Interrupted:[/] the batches in flight were sent; the rest of the file was not. Sending the file again is safe: the featurizer applies an event sent twice once.");
                return ExitCodes.Interrupted;
            }

            ReportSkipped(file, skipped);
            WriteSummary(totals, clock.Elapsed, connection.EventHubName);
            return ExitCodes.Success;
        }
    }

    private void ReportSkipped(FileInfo file, List<SkippedLine> skipped)
    {
        foreach (var line in skipped.Take(SkippedLinesShown))
        {
            console.MarkupLineInterpolated($"[yellow]skipped:[/] {file.Name}, line {line.LineNumber}: {line.Reason}");
        }

        if (skipped.Count > SkippedLinesShown)
        {
            console.MarkupLineInterpolated($"[yellow]skipped:[/] {skipped.Count - SkippedLinesShown:N0} more lines");
        }
    }

    private void WriteSummary(SendTotals totals, TimeSpan elapsed, string eventHub) =>
        new SummaryTable($"Send summary ({eventHub})")
            .Add("events sent", totals.Events)
            .Add("lines skipped", totals.Skipped)
            .Add("batches", totals.Batches)
            .Add("bytes", totals.Bytes)
            .Write(console, totals.Events, elapsed);

    private static string Format(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
