using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Cli.Report;
using Spectre.Console;

namespace SegmentFunctions.Cli.Commands;

/// <summary>
/// `segment report [--out DIR]`: the marketer's report of the configured store's serving model, built from the model
/// registry and the feature snapshots the retraining run took (see <see cref="CurrentModelReportBuilder"/>).
/// </summary>
internal sealed class ReportCommand(IServiceProvider services, IAnsiConsole console, TimeProvider time)
{
    public const string DefaultOutput = "segment-report";

    private readonly Option<DirectoryInfo> _out = new("--out")
    {
        Description = "Folder for report.html and its charts.",
        DefaultValueFactory = _ => new DirectoryInfo(DefaultOutput),
    };

    public Command Create()
    {
        var command = new Command("report", "Write the marketer's report (report.html and charts) of the store's current model.") { _out };
        command.SetAction((parseResult, cancellationToken) => RunAsync(parseResult.GetRequiredValue(_out), cancellationToken));
        return command;
    }

    private async Task<int> RunAsync(DirectoryInfo output, CancellationToken cancellationToken)
    {
        if (File.Exists(output.FullName))
        {
            return CommandRunner.Fail(console, ExitCodes.Usage, $"The output '{output.FullName}' is a file; give a folder.");
        }

        var step = "read the current model";
        try
        {
            var report = await services.GetRequiredService<CurrentModelReportBuilder>()
                .BuildAsync("Customer segments, churn and value", time.GetUtcNow(), cancellationToken);
            if (report is null)
            {
                return CommandRunner.Fail(console, ExitCodes.Failure,
                    "No model has been published to the configured store yet: run `segment retrain` (after ingesting events) or `segment demo` first.");
            }

            step = "write the report";
            var rendered = await services.GetRequiredService<ReportRenderer>().RenderAsync(report.Data, output.FullName, cancellationToken);
            console.MarkupLineInterpolated($"Model {report.Bundle.Version} as of {report.Bundle.AsOf:yyyy-MM-dd}: {report.AtAsOf.RowCount:N0} customers (snapshot {report.AtAsOf.SnapshotId}).");
            if (report.AtCutoff is { } cutoff)
            {
                console.MarkupLineInterpolated($"Churn evaluated with the labels from snapshot {cutoff.SnapshotId} as of {cutoff.AsOf:yyyy-MM-dd}.");
            }
            else
            {
                console.MarkupLineInterpolated($"No classifier or no snapshot near the churn cut-off {report.Bundle.AsOf.AddDays(-report.Bundle.ChurnHorizonDays):yyyy-MM-dd}: the churn charts are left out.");
            }

            console.MarkupLineInterpolated($"Marketer report ({rendered.Charts.Count} charts): open {rendered.HtmlPath} in a browser.");
            return ExitCodes.Success;
        }
        catch (ReportDataException ex)
        {
            return CommandRunner.Fail(console, ExitCodes.Failure, $"Step '{step}' failed: {ex.Message}");
        }
        catch (StoreUnavailableException ex)
        {
            return CommandRunner.Fail(console, ExitCodes.Failure, $"Step '{step}' failed: the store stayed unavailable: {ex.Message}");
        }
        catch (Exception ex) when (step == "write the report" && ex is IOException or UnauthorizedAccessException)
        {
            return CommandRunner.Fail(console, ExitCodes.Failure, $"Step '{step}' failed: the report could not be written to '{output.FullName}': {ex.Message}");
        }
    }
}
