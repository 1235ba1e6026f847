using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Configuration;
using SegmentFunctions.Application.Ingestion;
using SegmentFunctions.Storage.EventHubs;
using Spectre.Console;

namespace SegmentFunctions.Cli.Commands;

/// <summary>
/// `segment consume [--event-hub NAME] [--consumer-group G] [--batch-size N] [--exit-when-idle SECONDS]`: featurizes
/// the Event Hub's events into the configured store with an event processor, outside the Functions host. Instances
/// with the same store and consumer group share the partitions; checkpoints live on the blob store
/// (<c>eventhubs/</c>). Ctrl+C or SIGTERM lets the batches in hand finish and checkpoint; a second one abandons them.
/// </summary>
internal sealed class ConsumeCommand(IServiceProvider services, IConfiguration configuration, IAnsiConsole console)
{
    /// <summary>How long a stop waits for the batches in hand before abandoning them (they are delivered again).</summary>
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(30);

    private readonly EventHubConsumerArguments _hub = new();

    private readonly Option<double> _exitWhenIdle = new("--exit-when-idle")
    {
        Description = "Stop once no event has arrived for this many seconds (0: run until Ctrl+C).",
        DefaultValueFactory = _ => 0,
    };

    public Command Create()
    {
        _exitWhenIdle.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double>() is < 0 or > 86_400)
            {
                result.AddError("--exit-when-idle must be between 0 and 86400 seconds.");
            }
        });
        var command = new Command("consume", "Featurize the Event Hub's events into the store with an event processor (checkpoints on the blob store).")
        {
            _hub.EventHub, _hub.ConsumerGroup, _hub.BatchSize, _exitWhenIdle,
        };
        command.SetAction((parseResult, cancellationToken) => RunAsync(parseResult, TimeSpan.FromSeconds(parseResult.GetValue(_exitWhenIdle)), cancellationToken));
        return command;
    }

    private async Task<int> RunAsync(ParseResult parseResult, TimeSpan exitWhenIdle, CancellationToken cancellationToken)
    {
        EventHubSettings hub;
        EventHubsOptions options;
        try
        {
            (hub, options) = _hub.Resolve(parseResult, configuration);
        }
        catch (InvalidOperationException ex)
        {
            return CommandRunner.Fail(console, ExitCodes.Usage, ex.Message);
        }

        var processor = EventHubConsumerArguments.CreateProcessor(services, hub, options);

        // Ctrl+C and SIGTERM stop the consumer gracefully (the batches in hand finish and checkpoint) instead of ending
        // the process; a second signal abandons the batches in hand, which are then delivered again on restart.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var abandon = new CancellationTokenSource();
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            if (stop.IsCancellationRequested)
            {
                abandon.Cancel();
            }

            stop.Cancel();
        }

        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);

        var clock = Stopwatch.StartNew();
        await processor.StartProcessingAsync(stop.Token);
        await console.Status().StartAsync($"Consuming {hub.EventHubName} ({hub.ConsumerGroup})", async context =>
        {
            while (!stop.IsCancellationRequested)
            {
                if (exitWhenIdle > TimeSpan.Zero && processor.IdleFor >= exitWhenIdle)
                {
                    break;
                }

                context.Status($"Consuming {hub.EventHubName} ({hub.ConsumerGroup}): {Format(processor.Totals.Received)} events in {Format(processor.Batches)} batches");
                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(250), stop.Token);
                }
                catch (OperationCanceledException)
                {
                    // Ctrl+C: stop below.
                }
            }

            context.Status("Finishing the batches in hand");
            abandon.CancelAfter(StopGrace);
            await processor.StopAsync(abandon.Token);
        });

        WriteSummary(processor.Totals, processor.Batches, clock.Elapsed, hub.EventHubName);
        return ExitCodes.Success;
    }

    private void WriteSummary(BatchResult totals, long batches, TimeSpan elapsed, string eventHub) =>
        new SummaryTable($"Consume summary ({eventHub})")
            .AddFeaturized("events received", totals)
            .Add("batches", batches)
            .Write(console, totals.Received, elapsed);

    private static string Format(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
