using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SegmentFunctions.Application.BatchScoring;
using SegmentFunctions.Application.Evaluation;
using SegmentFunctions.Application.Ingestion;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Application.Retraining;
using SegmentFunctions.Application.Snapshots;
using SegmentFunctions.Application.Training;
using SegmentFunctions.Cli.Composition;
using SegmentFunctions.Cli.Demo;
using SegmentFunctions.Cli.Ingest;
using SegmentFunctions.Cli.Report;
using SegmentFunctions.Cli.Retrain;
using SegmentFunctions.Domain.Synthetic;
using SegmentFunctions.Domain.Transactions;
using SegmentFunctions.Storage.Composition;
using Spectre.Console;

namespace SegmentFunctions.Cli.Commands;

/// <summary>
/// `segment demo [--customers N] [--months M] [--seed S] [--out DIR]`: generates a synthetic shop with known ground
/// truth and streams its events through the same featurizer as the Event Hubs function, in Event Hubs-like batches,
/// into the configured store (or the demo's own embedded store under DIR/store when none is configured).
/// The history is sent as a backfill, customer after customer, unless <c>--event-order time</c> asks for live-like
/// interleaving.
/// </summary>
internal sealed class DemoCommand(IConfiguration configuration, IAnsiConsole console, TimeProvider time)
{
    private const string EventOrderCustomer = "customer";
    private const string EventOrderTime = "time";

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

    private readonly Option<FileInfo> _transactions = new("--transactions", "-t")
    {
        Description = "Run on a real transaction file instead of a synthetic shop: its purchases become purchase events.",
    };

    private readonly TransactionFileArguments _file = new(formatRequired: false);

    private readonly Option<int> _horizon = new("--horizon-days")
    {
        Description = "H: churn is no purchase within this many days; the models are trained at T and labelled from T - H.",
        DefaultValueFactory = _ => DemoSettings.DefaultHorizonDays,
    };

    private readonly Option<string> _eventOrder = new("--event-order")
    {
        Description = "How the synthetic history is sent: 'customer' (a backfill, customer after customer) or 'time' (live traffic, all customers interleaved in time order; slower). Same features and models either way.",
        DefaultValueFactory = _ => EventOrderCustomer,
    };

    private readonly Option<bool> _sendToEventHub = new("--send-to-event-hub")
    {
        Description = "Send the events to the configured Event Hub (EventHubConnection, EventHubName) instead of featurizing them here; a deployed app consumes them.",
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
        _horizon.InRange(1, 3_650);
        _eventOrder.AcceptOnlyFromAmong(EventOrderCustomer, EventOrderTime);

        var command = new Command("demo", "Generate a synthetic shop (or read a transaction file) and run it through the pipeline on the embedded default.")
        {
            _customers, _months, _seed, _transactions, _horizon, _eventOrder, _out, _sendToEventHub,
        };
        _file.AddTo(command);
        command.Validators.Add(result =>
        {
            if ((result.GetResult(_transactions) is null) != (result.GetResult(_file.Format) is null))
            {
                result.AddError("--transactions and --format go together: give both or neither.");
            }
        });
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            new DemoSettings(
                parseResult.GetValue(_customers),
                parseResult.GetValue(_months),
                parseResult.GetValue(_seed),
                parseResult.GetRequiredValue(_out),
                parseResult.GetValue(_horizon),
                parseResult.GetValue(_transactions) is { } file
                    ? new DemoTransactions(file, _file.Bind(parseResult)!)
                    : null,
                parseResult.GetValue(_eventOrder) == EventOrderTime ? DemoEventOrder.Time : DemoEventOrder.Customer),
            parseResult.GetValue(_sendToEventHub),
            cancellationToken));
        return command;
    }

    private async Task<int> RunAsync(DemoSettings settings, bool sendToEventHub, CancellationToken cancellationToken)
    {
        if (File.Exists(settings.Output.FullName))
        {
            return CommandRunner.Fail(console, ExitCodes.Usage, $"The output '{settings.Output.FullName}' is a file; give a folder.");
        }

        // A transaction file is read before the store is touched, so a bad file changes nothing.
        DemoEvents? transactionEvents = null;
        if (settings.Transactions is { } transactions)
        {
            try
            {
                transactionEvents = await ReadTransactionsAsync(settings, cancellationToken);
            }
            catch (TransactionFileException ex)
            {
                return CommandRunner.Fail(console, ExitCodes.Usage, $"{transactions.File.Name}, {ex.Where}: {ex.Reason}");
            }
            catch (DemoInputException ex)
            {
                return CommandRunner.Fail(console, ExitCodes.Usage, ex.Message);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return CommandRunner.Fail(console, ExitCodes.Usage, $"Cannot read the transactions file '{transactions.File.FullName}': {ex.Message}");
            }
        }

        var ownStore = !StorageConnections.From(configuration).HasCosmos && configuration[StorageConnections.DataDirectoryName] is null;
        if (ownStore && !sendToEventHub && Directory.Exists(settings.StoreDirectory))
        {
            // The demo's own store starts empty on every run, so its figures describe this run only.
            Directory.Delete(settings.StoreDirectory, recursive: true);
        }

        var overrides = new Dictionary<string, string?>
        {
            // The run trains with the demo's horizon and seed, so the same seed gives the same models.
            [$"{RetrainingOptions.SectionName}:{nameof(RetrainingOptions.ChurnHorizonDays)}"] = settings.HorizonDays.ToString(CultureInfo.InvariantCulture),
            [$"{RetrainingOptions.SectionName}:{nameof(RetrainingOptions.Training)}:{nameof(ModelBundleTrainingOptions.Seed)}"] = settings.Seed.ToString(CultureInfo.InvariantCulture),
        };
        if (ownStore)
        {
            overrides[StorageConnections.DataDirectoryName] = settings.StoreDirectory;
        }

        SyntheticShopGenerator? shop = null;
        if (transactionEvents is null)
        {
            try
            {
                shop = new SyntheticShopGenerator(new SyntheticShopOptions
                {
                    Customers = settings.Customers,
                    Months = settings.Months,
                    Seed = settings.Seed,
                    HoldoutDays = settings.HorizonDays,
                });
            }
            catch (ArgumentException ex)
            {
                return CommandRunner.Fail(console, ExitCodes.Usage, $"The synthetic shop cannot be generated: {ex.Message}");
            }
        }

        if (sendToEventHub)
        {
            return await new DemoEventHubSender(configuration, console).RunAsync(
                settings, context => transactionEvents is not null ? Task.FromResult(transactionEvents) : GenerateAsync(context, shop!, settings, cancellationToken), cancellationToken);
        }

        await using var services = CliServices.Build(configuration, overrides);
        var pipeline = new DemoPipeline(
            services.GetRequiredService<IEventBatchProcessor>(),
            services.GetRequiredService<FeatureSnapshotWriter>(),
            services.GetRequiredService<RetrainRunner>(),
            services.GetRequiredService<CurrentModelReportBuilder>(),
            services.GetRequiredService<ReportRenderer>(),
            services.GetRequiredService<BatchScoreReader>(),
            time);

        var clock = Stopwatch.StartNew();
        var timer = new DemoStepTimer("generate");
        DemoOutcome outcome;
        try
        {
            outcome = await console.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .StartAsync(async context =>
                {
                    var input = transactionEvents ?? await GenerateAsync(context, shop!, settings, cancellationToken);

                    timer.Begin("featurize (before the cut-off)");
                    var first = await IngestAsync(context, pipeline, settings.EventsBeforeCutoffPath, $"Featurizing events up to {input.Cutoff:yyyy-MM-dd}", cancellationToken);
                    timer.Begin("snapshot at the cut-off");
                    var snapshotTask = context.AddTask($"Snapshot of the features as of the cut-off {input.Cutoff:yyyy-MM-dd}", maxValue: 1);
                    snapshotTask.IsIndeterminate = true;
                    var atCutoff = await pipeline.SnapshotAsync(input.Cutoff, cancellationToken);
                    Complete(snapshotTask, 1);
                    timer.Begin("featurize (holdout)");
                    var second = await IngestAsync(context, pipeline, settings.EventsInHoldoutPath, $"Featurizing events up to {input.AsOf:yyyy-MM-dd}", cancellationToken);

                    timer.Begin("retrain");
                    var steps = new StepProgress(context);
                    var run = await pipeline.RetrainAsync(input.AsOf, steps, cancellationToken);
                    steps.Finish();
                    if (run.Result is null)
                    {
                        throw new DemoStepException(run.Status.Failure is { } failure
                            ? $"run {run.Status.Id} failed at '{failure.Step}': {failure.Message}"
                            : $"run {run.Status.Id} is {run.Status.RuntimeStatus} in another worker; follow it with `segment runs {run.Status.Id}`.");
                    }

                    if (run.Result is { Outcome: RetrainOutcome.KeptChampion, ServingVersion: null } rejected)
                    {
                        throw new DemoStepException($"no model was published: {rejected.Reason}");
                    }

                    timer.Begin("write the report");
                    var write = context.AddTask("Writing the report", maxValue: 1);
                    write.IsIndeterminate = true;
                    var title = shop is null
                        ? $"{settings.Transactions!.File.Name}: customer segments, churn and value"
                        : "Synthetic demo shop: customer segments, churn and value";
                    var written = await pipeline.WriteReportAsync(title, settings.Output.FullName, cancellationToken)
                        ?? throw new DemoStepException("the registry has no current model.");
                    Complete(write, 1);

                    double? agreement = null;
                    if (shop is not null)
                    {
                        timer.Begin("compare with the ground truth");
                        agreement = await pipeline.SegmentAgreementAsync(written.Report.Bundle.Version, shop.GroundTruth(), cancellationToken);
                    }

                    return new DemoOutcome(input, first, second, atCutoff, run, written.Report, written.Rendered, agreement, timer.Finish());
                });
        }
        catch (StoreUnavailableException ex)
        {
            return CommandRunner.Fail(console, ExitCodes.Failure, $"Step '{timer.Current}' failed: the store stayed unavailable: {ex.Message}");
        }
        catch (Exception ex) when (ex is DemoStepException or ReportDataException)
        {
            return CommandRunner.Fail(console, ExitCodes.Failure, $"Step '{timer.Current}' failed: {ex.Message}");
        }
        catch (Exception ex) when (timer.Current == "write the report" && ex is IOException or UnauthorizedAccessException)
        {
            return CommandRunner.Fail(console, ExitCodes.Failure, $"Step '{timer.Current}' failed: the report could not be written to '{settings.Output.FullName}': {ex.Message}");
        }

        var summary = DemoSummary.From(settings, outcome, clock.Elapsed);
        var jsonPath = await DemoSummary.WriteJsonAsync(summary, settings, cancellationToken);
        new DemoSummary(console).Write(settings, outcome, summary, ownStore ? settings.StoreDirectory : null, jsonPath);
        return ExitCodes.Success;
    }

    /// <summary>The file's events; a ground truth left by an earlier synthetic run in the same folder would not describe them.</summary>
    private static async Task<DemoEvents> ReadTransactionsAsync(DemoSettings settings, CancellationToken cancellationToken)
    {
        var input = await TransactionFileExport.WriteAsync(settings.Transactions!, settings.HorizonDays, settings, cancellationToken);
        File.Delete(settings.GroundTruthPath);
        return input;
    }

    private static async Task<DemoEvents> GenerateAsync(ProgressContext context, SyntheticShopGenerator shop, DemoSettings settings, CancellationToken cancellationToken)
    {
        var generate = context.AddTask("Generating the synthetic shop", maxValue: 1);
        generate.IsIndeterminate = true;
        var events = await SyntheticShopExport.WriteAsync(shop, settings, new ProgressTaskReporter(generate), cancellationToken);
        Complete(generate, events.Events);
        return events;
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
