using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using SegmentFunctions.Application.Orchestration;
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
        var client = services.GetRequiredService<OrchestrationClient>();
        if (runId is null)
        {
            var runs = await client.ListRunsAsync(cancellationToken);
            if (runs.Count == 0)
            {
                console.MarkupLine("No retraining runs yet: start one with `segment retrain`.");
                return ExitCodes.Success;
            }

            var table = new Table().Title("Retraining runs").AddColumns("run", "status", "step", "created", "updated", "result");
            foreach (var run in runs)
            {
                table.AddRow(
                    Markup.Escape(run.Id), run.RuntimeStatus.ToString(), Markup.Escape(StepOf(run)),
                    Time(run.CreatedTime), Time(run.LastUpdatedTime), Markup.Escape(Summary(run)));
            }

            console.Write(table);
            return ExitCodes.Success;
        }

        OrchestrationStatus? status;
        try
        {
            status = await client.GetStatusAsync(runId, cancellationToken);
        }
        catch (ArgumentException ex)
        {
            return CommandRunner.Fail(console, ExitCodes.Usage, ex.Message);
        }

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
        if (status.RuntimeStatus == OrchestrationRuntimeStatus.Completed && Result(status) is { } result)
        {
            console.Write(RetrainOutput.Table(status, result));
        }

        return ExitCodes.Success;
    }

    private RetrainResult? Result(OrchestrationStatus status) =>
        status.Name == RetrainOrchestration.Name
            ? status.ReadOutput<RetrainResult>(services.GetRequiredService<OrchestrationRegistry>().Serializer.Options)
            : null;

    private string Summary(OrchestrationStatus status) => status.RuntimeStatus switch
    {
        OrchestrationRuntimeStatus.Failed => $"failed at {status.Failure?.Step}: {status.Failure?.Message}",
        OrchestrationRuntimeStatus.Completed when Result(status) is { } result => result.Outcome == RetrainOutcome.Published
            ? $"published {result.ModelVersion}"
            : $"kept {result.ServingVersion ?? "no model"}",
        _ => string.Empty,
    };

    private static string StepOf(OrchestrationStatus status) => status.CustomStatus is { } step
        ? string.Create(CultureInfo.InvariantCulture, $"{step.Step} ({step.Progress:0%})")
        : "-";

    private static string Time(DateTimeOffset time) => time.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
