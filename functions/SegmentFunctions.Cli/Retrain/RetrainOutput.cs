using System.Globalization;
using SegmentFunctions.Application.Retraining.Runs;
using SegmentFunctions.Application.Retraining;
using SegmentFunctions.Cli.Commands;
using Spectre.Console;

namespace SegmentFunctions.Cli.Retrain;

/// <summary>What `segment retrain` prints about a run, and its exit code.</summary>
internal static class RetrainOutput
{
    public static int Write(IAnsiConsole console, RetrainRun run)
    {
        var status = run.Status;
        if (status.RuntimeStatus == RetrainRuntimeStatus.Failed)
        {
            var failure = status.Failure;
            return CommandRunner.Fail(console, ExitCodes.Failure,
                $"Run {status.Id} failed at step '{failure?.Step}': {failure?.ErrorType}: {failure?.Message}");
        }

        if (run.Result is not { } result)
        {
            return CommandRunner.Fail(console, ExitCodes.Failure,
                $"Run {status.Id} is {status.RuntimeStatus} in another worker; follow it with `segment runs {status.Id}`.");
        }

        console.Write(Table(status, result));
        return ExitCodes.Success;
    }

    public static Table Table(RetrainRunStatus status, RetrainResult result)
    {
        var metrics = result.Metrics;
        var table = new Table().Title($"Retraining run {Markup.Escape(status.Id)}").AddColumn("").AddColumn("").HideHeaders();
        table.AddRow("outcome", result.Outcome == RetrainOutcome.Published
            ? Markup.Escape($"published {result.ModelVersion}; it serves now")
            : Markup.Escape($"kept champion {result.ServingVersion ?? "(none)"}; challenger {result.ModelVersion} not published"));
        table.AddRow("reason", Markup.Escape(result.Reason));
        table.AddRow("as of (T)", result.AsOf.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture));
        table.AddRow("snapshot", Markup.Escape(result.SnapshotId));
        table.AddRow("cut-off snapshot", Markup.Escape(result.CutoffSnapshotId ?? "none (cold start: no churn labels)"));
        table.AddRow("customers", metrics.Customers.ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow("segments", metrics.Segments.ToString(CultureInfo.InvariantCulture));
        table.AddRow("churn classifier", Markup.Escape(metrics.ChurnClassifierTrained
            ? $"trained; ROC AUC {Number(metrics.ChallengerAuc)} on {metrics.HoldoutCustomers:N0} held-out customers (champion {Number(metrics.ChampionAuc)})"
            : $"not trained: {metrics.ChurnNotTrainedReason}"));
        table.AddRow("ELBO", Number(metrics.Elbo));
        table.AddRow("BG/NBD log-likelihood", Number(metrics.BgNbdLogLikelihood));
        table.AddRow("Gamma-Gamma log-likelihood", Number(metrics.GammaGammaLogLikelihood));
        if (result.BatchScore is { } scores)
        {
            table.AddRow("batch scores", Markup.Escape(
                $"{scores.Scored:N0} customers scored into scores/{scores.Version}"
                + (scores is { FlowsAgainst: { } previous, ShareChanged: { } changed } ? $"; {changed:0.0%} changed segment since {previous}" : string.Empty)));
        }

        table.AddRow("elapsed", $"{((status.LastUpdatedTime - (status.StartedTime ?? status.CreatedTime)).TotalSeconds).ToString("0.0", CultureInfo.InvariantCulture)} s");
        return table;
    }

    private static string Number(double? value) => value is { } v ? v.ToString("0.###", CultureInfo.InvariantCulture) : "-";
}
