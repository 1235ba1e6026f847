using System.CommandLine;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SegmentFunctions.Cli.Serve;
using SegmentFunctions.Hosting;
using SegmentFunctions.Storage.EventHubs;
using Spectre.Console;

namespace SegmentFunctions.Cli.Commands;

/// <summary>
/// `segment serve [--port 7071] [--consume [--event-hub NAME] [--consumer-group G] [--batch-size N]]`: the function
/// app's HTTP functions on the configured store, without the Functions host; with <c>--consume</c> also the event
/// processor of `segment consume`, featurizing the hub into the same store. Ctrl+C stops both; the processor's batches
/// in hand finish and checkpoint first.
/// </summary>
internal sealed class ServeCommand(IConfiguration configuration, IAnsiConsole console)
{
    private readonly Option<int> _port = new("--port")
    {
        Description = "The loopback port to listen on.",
        DefaultValueFactory = _ => LocalFunctionServer.DefaultPort,
    };

    private readonly Option<bool> _consume = new("--consume")
    {
        Description = "Also featurize the Event Hub's events into the store, with the processor and settings of `segment consume`.",
    };

    private readonly EventHubConsumerArguments _hub = new();

    public Command Create()
    {
        _port.InRange(1, 65535);
        var command = new Command("serve", "Serve the HTTP functions (scores, segments, models, retraining, health) locally under /api.") { _port, _consume };
        foreach (var option in _hub.All)
        {
            command.Options.Add(option);
        }

        command.Validators.Add(result =>
        {
            if (!result.GetValue(_consume) && _hub.All.Any(option => result.GetResult(option) is not null))
            {
                result.AddError("--event-hub, --consumer-group and --batch-size apply to the Event Hub consumer: add --consume.");
            }
        });
        command.SetAction(RunAsync);
        return command;
    }

    private async Task<int> RunAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var port = parseResult.GetValue(_port);
        (EventHubSettings Hub, EventHubsOptions Options)? consumer = null;
        if (parseResult.GetValue(_consume))
        {
            try
            {
                consumer = _hub.Resolve(parseResult, configuration);
            }
            catch (InvalidOperationException ex)
            {
                return CommandRunner.Fail(console, ExitCodes.Usage, ex.Message);
            }
        }

        await using var app = LocalFunctionServer.Build(
            configuration, port, consumer is { } c ? builder => EventHubConsumerService.AddTo(builder.Services, c.Hub, c.Options) : null);
        var clock = Stopwatch.StartNew();
        await app.StartAsync(cancellationToken);
        console.MarkupLineInterpolated($"Serving {HttpFunctions.All.Count} HTTP functions on [bold]http://127.0.0.1:{port}/{HttpFunctions.RoutePrefix}[/] (Ctrl+C stops).");
        if (consumer is { Hub: var hub })
        {
            console.MarkupLineInterpolated($"Consuming {hub.EventHubName} ({hub.ConsumerGroup}) into the same store; checkpoints on the blob store.");
        }

        console.MarkupLineInterpolated($"Try: curl http://127.0.0.1:{port}/{HttpFunctions.RoutePrefix}/health");
        await app.WaitForShutdownAsync(cancellationToken);
        if (consumer is { Hub: var consumed })
        {
            var processor = app.Services.GetRequiredService<EventHubIngestionProcessor>();
            new SummaryTable($"Consume summary ({consumed.EventHubName})")
                .AddFeaturized("events received", processor.Totals)
                .Add("batches", processor.Batches)
                .Write(console, processor.Totals.Received, clock.Elapsed);
        }

        return ExitCodes.Success;
    }
}
