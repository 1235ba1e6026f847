using System.CommandLine;
using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SegmentFunctions.Application.Ingestion;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Application.Training;
using SegmentFunctions.Cli.Composition;
using SegmentFunctions.Cli.Demo;
using SegmentFunctions.Cli.Ingest;
using SegmentFunctions.Cli.Report;
using SegmentFunctions.Domain.Synthetic;
using SegmentFunctions.Storage.Composition;
using Spectre.Console;

namespace SegmentFunctions.Cli.Commands;

/// <summary>
/// `segment demo [--customers N] [--months M] [--seed S] [--out DIR]`: generates a synthetic shop with known ground
/// truth and streams its events through the same featurizer as the Event Hubs function, in Event Hubs-like batches,
/// into the configured store (or the demo's own embedded store under DIR/store when none is configured).
/// </summary>
internal sealed class DemoCommand(IConfiguration configuration, IAnsiConsole console, TimeProvider time)
{
    private readonly Option<int> _customers = new("--customers")
    {
        Description = "Customers in the synthetic shop.",
        DefaultValueFactory = _ => DemoSettings.DefaultCustomers,
    };

    private readonly Option<int> _months = new("--months")
    {
        Description = "Months of history to simulate.",
        DefaultValueFactory = _ => DemoSettings.DefaultMonths,
    };

    private readonly Option<int> _seed = new("--seed")
    {
        Description = "Random seed; the same seed gives the same shop, byte for byte.",
        DefaultValueFactory = _ => DemoSettings.DefaultSeed,
    };

    private readonly Option<DirectoryInfo> _out = new("--out")
    {
        Description = "Folder for the generated events, the ground truth, the demo's store and the report (report.html).",
        DefaultValueFactory = _ => new DirectoryInfo(DemoSettings.DefaultOutput),
    };

    public Command Create()
    {
        _customers.InRange(1, 10_000_000);
        _months.InRange(2, 240);

        var command = new Command("demo", "Generate a synthetic shop and run it through the pipeline on the embedded default.")
        {
            _customers, _months, _seed, _out,
        };
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            new DemoSettings(
                parseResult.GetValue(_customers),
                parseResult.GetValue(_months),
                parseResult.GetValue(_seed),
                parseResult.GetRequiredValue(_out)),
            cancellationToken));
        return command;
    }

    private async Task<int> RunAsync(DemoSettings settings, CancellationToken cancellationToken)
    {
        if (File.Exists(settings.Output.FullName))
        {
            return CommandRunner.Fail(console, ExitCodes.Usage, $"The output '{settings.Output.FullName}' is a file; give a folder.");
        }

        var ownStore = !StorageConnections.From(configuration).HasCosmos && configuration[StorageConnections.DataDirectoryName] is null;
        if (ownStore && Directory.Exists(settings.StoreDirectory))
        {
            // The demo's own store starts empty on every run, so its figures describe this run only.
            Directory.Delete(settings.StoreDirectory, recursive: true);
        }

        var overrides = ownStore
            ? new Dictionary<string, string?> { [StorageConnections.DataDirectoryName] = settings.StoreDirectory }
            : new Dictionary<string, string?>();
        await using var services = CliServices.Build(configuration, overrides);

        var shop = new SyntheticShopGenerator(new SyntheticShopOptions
        {
            Customers = settings.Customers,
            Months = settings.Months,
            Seed = settings.Seed,
        });
        var options = shop.Options;
        var pipeline = new DemoPipeline(
            services.GetRequiredService<IEventBatchProcessor>(), services.GetRequiredService<IFeatureStore>(), time);

        var renderer = new ReportRenderer(services.GetRequiredService<ILogger<ReportRenderer>>());
        var clock = Stopwatch.StartNew();
        var step = "generate";
        DemoOutcome outcome;
        try
        {
            outcome = await console.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .StartAsync(async context =>
                {
                    var generate = context.AddTask("Generating the synthetic shop", maxValue: 1);
                    generate.IsIndeterminate = true;
                    var events = await SyntheticShopExport.WriteAsync(shop, settings, new ProgressTaskReporter(generate), cancellationToken);
                    Complete(generate, events);

                    step = "featurize (before the cut-off)";
                    var first = await IngestAsync(context, pipeline, settings.EventsBeforeCutoffPath, $"Featurizing events up to {options.HoldoutStart:yyyy-MM-dd}", cancellationToken);
                    step = "read documents at the cut-off";
                    var atCutoff = await pipeline.ReadDocumentsAsync(cancellationToken);
                    step = "featurize (holdout)";
                    var second = await IngestAsync(context, pipeline, settings.EventsInHoldoutPath, $"Featurizing events up to {options.End:yyyy-MM-dd}", cancellationToken);
                    step = "read documents";
                    var atAsOf = await pipeline.ReadDocumentsAsync(cancellationToken);

                    step = "train models";
                    var train = context.AddTask("Training segmentation, BG/NBD, Gamma-Gamma and churn models", maxValue: 1);
                    train.IsIndeterminate = true;
                    var trained = await Task.Run(() => pipeline.Train(atAsOf, options.End, atCutoff, options.HoldoutDays, settings.Seed, cancellationToken), cancellationToken);
                    Complete(train, 1);

                    step = "compare with the ground truth";
                    var agreement = DemoPipeline.SegmentAgreement(trained.Bundle, atAsOf, options.End, shop.GroundTruth());

                    step = "write the report";
                    var write = context.AddTask("Writing the report", maxValue: 1);
                    write.IsIndeterminate = true;
                    var report = await DemoPipeline.WriteReportAsync(
                        renderer, trained.Bundle, atAsOf, atCutoff, options.HoldoutDays, settings.Seed, settings.Output.FullName, time.GetUtcNow(), cancellationToken);
                    Complete(write, 1);
                    return new DemoOutcome(events, first, second, atAsOf.Count, trained, agreement, report);
                });
        }
        catch (StoreUnavailableException ex)
        {
            return CommandRunner.Fail(console, ExitCodes.Failure, $"Step '{step}' failed: the store stayed unavailable: {ex.Message}");
        }
        catch (Exception ex) when (ex is ModelTrainingException or ReportDataException)
        {
            return CommandRunner.Fail(console, ExitCodes.Failure, $"Step '{step}' failed: {ex.Message}");
        }
        catch (Exception ex) when (step == "write the report" && ex is IOException or UnauthorizedAccessException)
        {
            return CommandRunner.Fail(console, ExitCodes.Failure, $"Step '{step}' failed: the report could not be written to '{settings.Output.FullName}': {ex.Message}");
        }

        new DemoSummary(console).Write(settings, outcome, ownStore ? settings.StoreDirectory : "the configured store", clock.Elapsed);
        return ExitCodes.Success;
    }

    private static async Task<IngestTotals> IngestAsync(ProgressContext context, DemoPipeline pipeline, string path, string description, CancellationToken cancellationToken)
    {
        var task = context.AddTask(description, maxValue: Math.Max(1, new FileInfo(path).Length));
        var totals = await pipeline.IngestAsync(path, new ProgressTaskReporter(task), cancellationToken);
        task.Value = task.MaxValue;
        return totals;
    }

    private static void Complete(ProgressTask task, double amount)
    {
        task.IsIndeterminate = false;
        task.MaxValue = Math.Max(1, amount);
        task.Value = task.MaxValue;
    }
}
