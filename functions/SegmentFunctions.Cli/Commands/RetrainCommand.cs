using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Application.Retraining;
using SegmentFunctions.Cli.Retrain;
using Spectre.Console;

namespace SegmentFunctions.Cli.Commands;

/// <summary>
/// `segment retrain [--force] [--as-of T]`: runs the retraining orchestration in process to completion on the configured store,
/// with a progress bar per step, then prints the outcome: the published version or the kept champion with the
/// reason, and the challenger's metrics. A failed run exits 1 naming the step.
/// </summary>
internal sealed class RetrainCommand(IServiceProvider services, IAnsiConsole console)
{
    private readonly Option<bool> _force = new("--force")
    {
        Description = "Publish even when the serving model is fresh or has no labels to compare with (the promotion gate still applies).",
    };

    private readonly Option<DateTimeOffset?> _asOf = new("--as-of")
    {
        Description = "The snapshot time T, e.g. 2026-07-01T00:00:00Z (default: when the run starts).",
    };

    public Command Create()
    {
        var command = new Command("retrain", "Snapshot the features, fit the models and publish a new model (or keep the champion).") { _force, _asOf };
        command.SetAction((parseResult, cancellationToken) => RunAsync(parseResult.GetValue(_force), parseResult.GetValue(_asOf), cancellationToken));
        return command;
    }

    private async Task<int> RunAsync(bool force, DateTimeOffset? asOf, CancellationToken cancellationToken)
    {
        var runner = services.GetRequiredService<RetrainRunner>();
        RetrainRun run;
        try
        {
            run = await console.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .StartAsync(async context =>
                {
                    var steps = new StepProgress(context);
                    var result = await runner.RunAsync(new RetrainRequest("cli", asOf, force), steps, cancellationToken);
                    steps.Finish();
                    return result;
                });
        }
        catch (StoreUnavailableException ex)
        {
            return CommandRunner.Fail(console, ExitCodes.Failure, $"The store stayed unavailable; the run can be resumed: {ex.Message}");
        }

        return RetrainOutput.Write(console, run);
    }
}
