using System.Globalization;
using Spectre.Console;

namespace SegmentFunctions.Cli.Demo;

/// <summary>The demo's closing tables: what ran, the segments found, and how good the churn and value models are.</summary>
internal sealed class DemoSummary(IAnsiConsole console)
{
    public void Write(DemoSettings settings, DemoOutcome outcome, string store, TimeSpan elapsed)
    {
        WriteRun(settings, outcome, store, elapsed);
        WriteSegments(outcome);
        WriteModels(outcome);
        console.MarkupLineInterpolated($"Marketer report ({outcome.Report.Charts.Count} charts): open {outcome.Report.HtmlPath} in a browser.");
        console.MarkupLineInterpolated(
            $"Look up a customer's features: SEGMENT_DATA_DIR={store} dotnet run --project functions/SegmentFunctions, then GET http://127.0.0.1:7072/api/customers/<id>/features");
    }

    private void WriteRun(DemoSettings settings, DemoOutcome outcome, string store, TimeSpan elapsed)
    {
        var before = outcome.BeforeCutoff.Sum;
        var holdout = outcome.Holdout.Sum;
        var input = outcome.Input;
        var table = new Table().Title("Demo").AddColumn("").AddColumn(new TableColumn("").RightAligned()).HideHeaders();
        if (settings.Transactions is { } transactions)
        {
            table.AddRow("transactions file", Markup.Escape(transactions.File.FullName));
            table.AddRow("customers", Format(input.Customers));
            table.AddRow("purchase events", Format(input.Events));
        }
        else
        {
            table.AddRow("customers", Format(input.Customers));
            table.AddRow("events generated", Format(input.Events));
        }

        table.AddRow("events accepted", Format(before.Applied + holdout.Applied));
        table.AddRow("duplicates", Format(before.Duplicates + holdout.Duplicates));
        table.AddRow("dead-lettered", Format(before.DeadLettered + holdout.DeadLettered));
        table.AddRow("feature documents", Format(outcome.Customers));
        table.AddRow("as of (T)", input.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        table.AddRow("churn cut-off (T - H)", Markup.Escape($"{input.Cutoff.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} (H = {input.HorizonDays} days)"));
        table.AddRow("elapsed", $"{elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s");
        table.AddRow("events", Markup.Escape($"{settings.EventsBeforeCutoffPath}, {Path.GetFileName(settings.EventsInHoldoutPath)}"));
        table.AddRow("ground truth", settings.Transactions is null ? Markup.Escape(settings.GroundTruthPath) : "none (a transaction file has no true segments)");
        table.AddRow("store", Markup.Escape(store));
        table.AddRow("report", Markup.Escape(outcome.Report.HtmlPath));
        console.Write(table);
    }

    private void WriteSegments(DemoOutcome outcome)
    {
        var bundle = outcome.Trained.Bundle;
        var table = new Table()
            .Title(outcome.SegmentAgreement is { } ari
                ? $"Segments (model {Markup.Escape(bundle.Version)}; agreement with the true segments, ARI {ari.ToString("0.00", CultureInfo.InvariantCulture)})"
                : $"Segments (model {Markup.Escape(bundle.Version)}; no ARI: the transaction file has no ground truth to compare with)")
            .AddColumn("id").AddColumn("segment").AddColumn(new TableColumn("customers").RightAligned())
            .AddColumn(new TableColumn("share").RightAligned()).AddColumn(new TableColumn("revenue share").RightAligned())
            .AddColumn("suggested action");
        foreach (var segment in bundle.Segments.OrderByDescending(s => s.RevenueShare))
        {
            table.AddRow(
                segment.Id.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(segment.Name),
                Format(segment.Size),
                Percent(segment.CustomerShare),
                Percent(segment.RevenueShare),
                Markup.Escape(segment.Action));
        }

        console.Write(table);
    }

    private void WriteModels(DemoOutcome outcome)
    {
        var report = outcome.Trained.Report;
        var bundle = outcome.Trained.Bundle;
        var table = new Table().Title("Churn and value models").AddColumn("").AddColumn("").HideHeaders();
        if (report.Churn is { } churn)
        {
            table.AddRow("churn classifier",
                $"grade {churn.Grade}: ROC AUC {Number(churn.Model.RocAuc)} vs {Number(churn.Baseline.RocAuc)} for the recency rule; " +
                $"top-decile lift {Number(churn.Model.TopDecileLift)}; churn rate {Percent(churn.Model.ChurnRate)} in {bundle.ChurnHorizonDays} days");
        }
        else
        {
            table.AddRow("churn classifier", Markup.Escape($"not trained: {bundle.Metrics.ChurnNotTrainedReason}; churn comes from BG/NBD expected purchases"));
        }

        if (bundle.Churn is { } classifier)
        {
            table.AddRow("top drivers", Markup.Escape(string.Join(", ", classifier.Importance.Take(5).Select(i => i.Feature))));
        }

        var bgNbd = report.BgNbd;
        table.AddRow("BG/NBD", $"r {Number(bgNbd.R)}, alpha {Number(bgNbd.Alpha)}, a {Number(bgNbd.A)}, b {Number(bgNbd.B)} (per {bundle.TimeUnit.ToString().ToLowerInvariant()})");
        table.AddRow("Gamma-Gamma", report.GammaGamma is { } gg ? $"p {Number(gg.P)}, q {Number(gg.Q)}, gamma {Number(gg.Gamma)}" : "not fitted (see warnings)");
        foreach (var warning in report.Warnings)
        {
            table.AddRow("warning", Markup.Escape(warning));
        }

        console.Write(table);
    }

    private static string Format(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
    private static string Percent(double share) => share.ToString("0.0%", CultureInfo.InvariantCulture);
    private static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
