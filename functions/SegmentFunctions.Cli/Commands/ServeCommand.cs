using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using SegmentFunctions.Cli.Serve;
using SegmentFunctions.Hosting;
using Spectre.Console;

namespace SegmentFunctions.Cli.Commands;

/// <summary>`segment serve [--port 7071]`: the function app's HTTP functions on the configured store, without the Functions host.</summary>
internal sealed class ServeCommand(IConfiguration configuration, IAnsiConsole console)
{
    private readonly Option<int> _port = new("--port")
    {
        Description = "The loopback port to listen on.",
        DefaultValueFactory = _ => LocalFunctionServer.DefaultPort,
    };

    public Command Create()
    {
        _port.InRange(1, 65535);
        var command = new Command("serve", "Serve the HTTP functions (scores, segments, models, retraining, health) locally under /api.") { _port };
        command.SetAction((parseResult, cancellationToken) => RunAsync(parseResult.GetValue(_port), cancellationToken));
        return command;
    }

    private async Task<int> RunAsync(int port, CancellationToken cancellationToken)
    {
        await using var app = LocalFunctionServer.Build(configuration, port);
        await app.StartAsync(cancellationToken);
        console.MarkupLineInterpolated($"Serving {HttpFunctions.All.Count} HTTP functions on [bold]http://127.0.0.1:{port}/{HttpFunctions.RoutePrefix}[/] (Ctrl+C stops).");
        console.MarkupLineInterpolated($"Try: curl http://127.0.0.1:{port}/{HttpFunctions.RoutePrefix}/health");
        await app.WaitForShutdownAsync(cancellationToken);
        return ExitCodes.Success;
    }
}
