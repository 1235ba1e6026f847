using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using SegmentFunctions.Cli.Report;
using SegmentFunctions.Cli.Serve;
using SegmentFunctions.Storage.Composition;

namespace SegmentFunctions.Cli.Demo;

/// <summary>
/// The demo's closing tables (what ran, the segments found, how good the churn and value models are, where the report
/// is, how to start the API) and the same figures as <c>summary.json</c> in the output folder.
/// </summary>
internal sealed class DemoSummary(IAnsiConsole console)
{
    public const string JsonFileName = "summary.json";

    public static DemoSummaryJson From(DemoSettings settings, DemoOutcome outcome, TimeSpan elapsed)
    {
        var bundle = outcome.Report.Bundle;
        var input = outcome.Input;
        var before = outcome.BeforeCutoff.Sum;
        var holdout = outcome.Holdout.Sum;
        var result = outcome.Run.Result!;
        var churn = outcome.Report.Data.Churn is { Quality: var q } evaluation
            ? new DemoChurnJson(q.Grade.ToString(), q.Model.RocAuc, q.Baseline.RocAuc, q.Model.TopDecileLift, q.Model.ChurnRate, evaluation.Churned.Count)
            : null;
        return new DemoSummaryJson(
            settings.Transactions?.File.FullName ?? "synthetic",
            input.Customers,
            input.Events,
            before.Applied + holdout.Applied,
            before.DeadLettered + holdout.DeadLettered,
            input.AsOf,
            input.Cutoff,
            input.HorizonDays,
            outcome.Run.Status.Id,
            result.Outcome,
            result.Reason,
            bundle.Version,
            bundle.Segments.Count(s => s.Size > 0),
            [.. bundle.Segments.OrderByDescending(s => s.RevenueShare)
                .Select(s => new DemoSegmentJson(s.Id, s.Name, s.Size, s.CustomerShare, s.RevenueShare, s.Action))],
            outcome.SegmentAgreement,
            churn,
            bundle.Metrics.ChurnNotTrainedReason,
            [.. (bundle.Churn?.Importance ?? []).Take(5).Select(i => i.Feature)],
            result.BatchScore?.Scored ?? 0,
            outcome.Rendered.HtmlPath,
            [.. outcome.Rendered.Charts.Select(c => c.FileName)],
            elapsed.TotalSeconds,
            outcome.Steps);
    }

    public static async Task<string> WriteJsonAsync(DemoSummaryJson summary, DemoSettings settings, CancellationToken cancellationToken)
    {
        var path = Path.Combine(settings.Output.FullName, JsonFileName);
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(summary, DemoJsonContext.Default.DemoSummaryJson), cancellationToken);
        return path;
    }

    /// <param name="ownStore">The demo's own store folder, or null when the configured store was used.</param>
    public void Write(DemoSettings settings, DemoOutcome outcome, DemoSummaryJson summary, string? ownStore, string jsonPath)
    {
        WriteRun(settings, outcome, summary, ownStore ?? "the configured store");
        WriteSegments(summary);
        WriteModels(outcome, summary);
        console.MarkupLineInterpolated($"Marketer report ({summary.Charts.Count} charts): open {summary.ReportPath} in a browser; figures in {jsonPath}.");
        console.MarkupLineInterpolated($"Start the API on this store: {ServeCommandLine(ownStore)}");
        console.MarkupLineInterpolated($"then: curl http://127.0.0.1:{LocalFunctionServer.DefaultPort}/api/customers/{Uri.EscapeDataString(outcome.Input.SampleCustomerId)}/scores");
    }

    /// <summary>
    /// The `segment serve` command line on the store the demo used, to paste into a shell at the repository root: the
    /// demo's own store is named by SEGMENT_DATA_DIR (quoted); a configured store is configured for serve the same way
    /// it was for the demo, so the command names none.
    /// </summary>
    public static string ServeCommandLine(string? ownStore)
    {
        const string Serve = "dotnet run --project functions/SegmentFunctions.Cli -- serve";
        return ownStore is null ? Serve : $"{StorageConnections.DataDirectoryName}={ShellQuote(ownStore)} {Serve}";
    }

    private static string ShellQuote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private void WriteRun(DemoSettings settings, DemoOutcome outcome, DemoSummaryJson summary, string store)
    {
        var before = outcome.BeforeCutoff.Sum;
        var holdout = outcome.Holdout.Sum;
        var table = new Table().Title("Demo").AddColumn("").AddColumn(new TableColumn("").RightAligned()).HideHeaders();
        if (settings.Transactions is { } transactions)
        {
            table.AddRow("transactions file", Markup.Escape(transactions.File.FullName));
            table.AddRow("customers", Format(summary.Customers));
            table.AddRow("purchase events", Format(summary.Events));
            table.AddRow("rows skipped (not purchases)", Format(outcome.Input.RowsNotPurchases));
        }
        else
        {
            table.AddRow("customers", Format(summary.Customers));
            table.AddRow("events generated", Format(summary.Events));
        }

        table.AddRow("events accepted", Format(summary.EventsAccepted));
        table.AddRow("duplicates", Format(before.Duplicates + holdout.Duplicates));
        table.AddRow("dead-lettered", Format(summary.DeadLettered));
        table.AddRow("feature documents", Format(outcome.Report.AtAsOf.RowCount));
        table.AddRow("as of (T)", summary.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        table.AddRow("churn cut-off (T - H)", Markup.Escape($"{summary.Cutoff.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} (H = {summary.HorizonDays} days)"));
        table.AddRow("snapshots", Markup.Escape($"{outcome.CutoffSnapshot.SnapshotId} (T - H), {outcome.Report.AtAsOf.SnapshotId} (T)"));
        table.AddRow("retraining run", Markup.Escape($"{summary.RunId}: {(summary.Outcome == Application.Retraining.RetrainOutcome.Published ? "published" : "kept the champion")}; {summary.Reason}"));
        table.AddRow("batch scores", Format(summary.BatchScored));
        table.AddRow("elapsed", $"{summary.ElapsedSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s");
        foreach (var step in summary.Steps)
        {
            table.AddRow(Markup.Escape($"  {step.Step}"), $"{step.Seconds.ToString("0.0", CultureInfo.InvariantCulture)} s");
        }

        table.AddRow("events", Markup.Escape($"{settings.EventsBeforeCutoffPath}, {Path.GetFileName(settings.EventsInHoldoutPath)}"));
        table.AddRow("ground truth", settings.Transactions is null ? Markup.Escape(settings.GroundTruthPath) : "none (a transaction file has no true segments)");
        table.AddRow("store", Markup.Escape(store));
        table.AddRow("report", Markup.Escape(summary.ReportPath));
        console.Write(table);
    }

    private void WriteSegments(DemoSummaryJson summary)
    {
        var title = summary.SegmentAgreement is { } ari
            ? $"Segments (model {summary.ModelVersion}; agreement with the true segments, ARI {ari.ToString("0.00", CultureInfo.InvariantCulture)})"
            : summary.Source == "synthetic"
                ? $"Segments (model {summary.ModelVersion}; no batch scores to compare with the true segments)"
                : $"Segments (model {summary.ModelVersion}; no ARI: the transaction file has no ground truth to compare with)";
        var table = new Table()
            .Title(Markup.Escape(title))
            .AddColumn("id").AddColumn("segment").AddColumn(new TableColumn("customers").RightAligned())
            .AddColumn(new TableColumn("share").RightAligned()).AddColumn(new TableColumn("revenue share").RightAligned())
            .AddColumn("suggested action");
        foreach (var segment in summary.Segments)
        {
            table.AddRow(
                segment.Id.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(segment.Name),
                Format(segment.Customers),
                Percent(segment.CustomerShare),
                Percent(segment.RevenueShare),
                Markup.Escape(segment.Action));
        }

        console.Write(table);
    }

    private void WriteModels(DemoOutcome outcome, DemoSummaryJson summary)
    {
        var bundle = outcome.Report.Bundle;
        var table = new Table().Title("Churn and value models").AddColumn("").AddColumn("").HideHeaders();
        if (summary.Churn is { } churn)
        {
            table.AddRow("churn classifier",
                $"grade {churn.Grade}: ROC AUC {Number(churn.RocAuc)} vs {Number(churn.BaselineRocAuc)} for the recency rule; " +
                $"top-decile lift {Number(churn.TopDecileLift)}; churn rate {Percent(churn.ChurnRate)} in {bundle.ChurnHorizonDays} days ({Format(churn.HoldoutCustomers)} held-out customers)");
        }
        else
        {
            table.AddRow("churn classifier", Markup.Escape(summary.ChurnNotTrainedReason is { } reason
                ? $"not trained: {reason}"
                : "not evaluated: no snapshot near the cut-off; churn comes from BG/NBD expected purchases"));
        }

        if (summary.TopDrivers.Count > 0)
        {
            table.AddRow("top drivers", Markup.Escape(string.Join(", ", summary.TopDrivers.Select(FeatureLabels.For))));
        }

        var bgNbd = bundle.BgNbd;
        table.AddRow("BG/NBD", $"r {Number(bgNbd.R)}, alpha {Number(bgNbd.Alpha)}, a {Number(bgNbd.A)}, b {Number(bgNbd.B)} (per {bundle.TimeUnit.ToString().ToLowerInvariant()})");
        table.AddRow("Gamma-Gamma", bundle.GammaGamma is { } gg ? $"p {Number(gg.P)}, q {Number(gg.Q)}, gamma {Number(gg.Gamma)}" : "not fitted");
        console.Write(table);
    }

    private static string Format(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
    private static string Percent(double share) => share.ToString("0.0%", CultureInfo.InvariantCulture);
    private static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
