using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using SegmentFunctions.Application.Retraining.Runs;
using SegmentFunctions.DurableTask;
using SegmentFunctions.Application.Retraining;
using SegmentFunctions.Cli.Retrain;
using Spectre.Console;

namespace SegmentFunctions.Cli.Commands;

/// <summary>`segment runs [runId]`: the retraining runs of the configured store, newest first, or one run in detail.</summary>
internal sealed class RunsCommand(IServiceProvider services, IAnsiConsole console)
{
    private readonly Argument<string?> _runId = new("runId") { Description = "A run to show in detail.", Arity = ArgumentArity.ZeroOrOne };

    public Command Create()
    {
        var command = new Command("runs", "List the retraining runs, or show one run's status, step and failure.") { _runId };
        command.SetAction((parseResult, cancellationToken) => RunAsync(parseResult.GetValue(_runId), cancellationToken));
        return command;
    }

    private async Task<int> RunAsync(string? runId, CancellationToken cancellationToken)
    {
        var host = services.GetRequiredService<LocalDurableTaskHost>();
        var runs = services.GetRequiredService<RetrainRuns>();
        await host.StartClientAsync(cancellationToken);
        if (runId is null)
        {
            var list = await runs.ListAsync(host.Client, cancellationToken);
            if (list.Count == 0)
            {
                console.MarkupLine("No retraining runs yet: start one with `segment retrain`.");
                return ExitCodes.Success;
            }

            var table = new Table().Title("Retraining runs").AddColumns("run", "status", "step", "created", "updated", "result");
            foreach (var run in list)
            {
                table.AddRow(
                    Markup.Escape(run.Id), run.RuntimeStatus.ToString(), Markup.Escape(StepOf(run)),
                    Time(run.CreatedTime), Time(run.LastUpdatedTime), Markup.Escape(Summary(run)));
            }

            console.Write(table);
            return ExitCodes.Success;
        }

        if (!RetrainRunIds.IsValid(runId))
        {
            return CommandRunner.Fail(console, ExitCodes.Usage, $"'{runId}' is not a run id (yyyyMMddTHHmmssfffZ- and 12 hex digits); `segment runs` lists them.");
        }

        var status = await runs.GetStatusAsync(host.Client, runId, cancellationToken);
        if (status is null)
        {
            return CommandRunner.Fail(console, ExitCodes.Failure, $"No run '{runId}' in the configured store; `segment runs` lists them.");
        }

        var detail = new Table().Title($"Run {Markup.Escape(status.Id)}").AddColumn("").AddColumn("").HideHeaders();
        detail.AddRow("orchestration", Markup.Escape(status.Name));
        detail.AddRow("status", status.RuntimeStatus.ToString());
        detail.AddRow("step", Markup.Escape(StepOf(status)));
        detail.AddRow("created", Time(status.CreatedTime));
        detail.AddRow("started", status.StartedTime is { } started ? Time(started) : "-");
        detail.AddRow("updated", Time(status.LastUpdatedTime));
        if (status.Failure is { } failure)
        {
            detail.AddRow("failed step", Markup.Escape(failure.Step));
            detail.AddRow("error", Markup.Escape($"{failure.ErrorType}: {failure.Message}"));
        }

        console.Write(detail);
        if (status.RuntimeStatus == RetrainRuntimeStatus.Completed && Result(status) is { } result)
        {
            console.Write(RetrainOutput.Table(status, result));
        }

        return ExitCodes.Success;
    }

    private static RetrainResult? Result(RetrainRunStatus status) => status.ReadResult();

    private static string Summary(RetrainRunStatus status) => status.RuntimeStatus switch
    {
        RetrainRuntimeStatus.Failed => $"failed at {status.Failure?.Step}: {status.Failure?.Message}",
        RetrainRuntimeStatus.Completed when Result(status) is { } result => result.Outcome == RetrainOutcome.Published
            ? $"published {result.ModelVersion}"
            : $"kept {result.ServingVersion ?? "no model"}",
        _ => string.Empty,
    };

    private static string StepOf(RetrainRunStatus status) => status.CustomStatus is { } step
        ? string.Create(CultureInfo.InvariantCulture, $"{step.Step} ({step.Progress:0%})")
        : "-";

    private static string Time(DateTimeOffset time) => time.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
