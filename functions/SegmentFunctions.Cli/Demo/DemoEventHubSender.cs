using System.Globalization;
using Microsoft.Extensions.Configuration;
using SegmentFunctions.Cli.Commands;
using SegmentFunctions.Cli.Send;
using SegmentFunctions.Storage.EventHubs;
using Spectre.Console;

namespace SegmentFunctions.Cli.Demo;

/// <summary>
/// `segment demo --send-to-event-hub`: the demo's events (before the cut-off, then the holdout) go to the configured
/// Event Hub instead of the featurizer in process, so a deployed function app (or `segment consume`) featurizes them;
/// retraining and the report are then that deployment's business.
/// </summary>
internal sealed class DemoEventHubSender(IConfiguration configuration, IAnsiConsole console)
{
    private const int Concurrency = 8;

    public async Task<int> RunAsync(DemoSettings settings, Func<ProgressContext, Task<DemoEvents>> input, CancellationToken cancellationToken)
    {
        EventHubSettings hub;
        try
        {
            hub = EventHubSettings.From(configuration);
        }
        catch (InvalidOperationException ex)
        {
            return CommandRunner.Fail(console, ExitCodes.Usage, ex.Message);
        }

        var options = new EventHubsOptions();
        configuration.GetSection(EventHubsOptions.SectionName).Bind(options);
        await using var producer = hub.CreateProducer(options.ToRetryOptions());
        var skipped = new List<SkippedLine>();
        var sent = new SendTotals[2];
        try
        {
            await console.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .StartAsync(async context =>
                {
                    var events = await input(context);
                    string[] files = [settings.EventsBeforeCutoffPath, settings.EventsInHoldoutPath];
                    for (var i = 0; i < files.Length; i++)
                    {
                        await using var stream = File.OpenRead(files[i]);
                        var task = context.AddTask($"Sending {Path.GetFileName(files[i])} to {hub.EventHubName}", maxValue: Math.Max(1, stream.Length));
                        sent[i] = await new EventFileSender(producer, Concurrency).SendAsync(stream, new ProgressTaskReporter(task), skipped.Add, cancellationToken);
                    }

                    return events;
                });
        }
        catch (EventSendFailedException ex)
        {
            var before = sent.Where(t => t is not null).Sum(t => t.Events);
            return CommandRunner.Fail(console, ExitCodes.Failure,
                $"{ex.Message} {(before + ex.Totals.Events).ToString("N0", CultureInfo.InvariantCulture)} events were sent before the failure; sending again is safe (an event sent twice is applied once).");
        }

        foreach (var line in skipped)
        {
            console.MarkupLineInterpolated($"[yellow]skipped:[/] line {line.LineNumber}: {line.Reason}");
        }

        var total = sent.Sum(t => t.Events);
        console.MarkupLineInterpolated(
            $"Sent {total:N0} events in {sent.Sum(t => t.Batches):N0} batches to {hub.EventHubName}. The app that consumes the hub featurizes them; run `segment retrain` and `segment report` against its store.");
        return ExitCodes.Success;
    }
}
