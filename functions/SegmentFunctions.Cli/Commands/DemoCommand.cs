using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SegmentFunctions.Application.Ingestion;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Cli.Composition;
using SegmentFunctions.Cli.Demo;
using SegmentFunctions.Cli.Ingest;
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
        Description = "Folder for the generated events, the ground truth and the demo's store.",
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

        var clock = Stopwatch.StartNew();
        long events = 0;
        IngestTotals? totals = null;
        try
        {
            await console.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .StartAsync(async context =>
                {
                    var generate = context.AddTask("Generating the synthetic shop", maxValue: 1);
                    generate.IsIndeterminate = true;
                    events = await SyntheticShopExport.WriteAsync(shop, settings, new ProgressTaskReporter(generate), cancellationToken);
                    generate.IsIndeterminate = false;
                    generate.MaxValue = Math.Max(1, events);
                    generate.Value = generate.MaxValue;

                    await using var file = File.OpenRead(settings.EventsPath);
                    var ingest = context.AddTask("Featurizing events", maxValue: Math.Max(1, file.Length));
                    var now = time.GetUtcNow();
                    var ingestSettings = new IngestSettings(IngestSettings.DefaultBatchSize, IngestSettings.DefaultPartitions, IngestSettings.SequenceStartAt(now), now);
                    totals = await new EventFileIngestor(services.GetRequiredService<IEventBatchProcessor>())
                        .IngestAsync(file, ingestSettings, new ProgressTaskReporter(ingest), cancellationToken);
                });
        }
        catch (StoreUnavailableException ex)
        {
            return CommandRunner.Fail(console, ExitCodes.Failure, $"Featurizing failed: the store stayed unavailable: {ex.Message}");
        }

        WriteSummary(settings, events, totals!, ownStore, clock.Elapsed);
        return ExitCodes.Success;
    }

    private void WriteSummary(DemoSettings settings, long events, IngestTotals totals, bool ownStore, TimeSpan elapsed)
    {
        var sum = totals.Sum;
        var table = new Table().Title("Demo").AddColumn("").AddColumn(new TableColumn("").RightAligned()).HideHeaders();
        table.AddRow("customers", Format(settings.Customers));
        table.AddRow("events generated", Format(events));
        table.AddRow("events accepted", Format(sum.Applied));
        table.AddRow("duplicates", Format(sum.Duplicates));
        table.AddRow("dead-lettered", Format(sum.DeadLettered));
        table.AddRow("elapsed", $"{elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s");
        table.AddRow("events", Markup.Escape(settings.EventsPath));
        table.AddRow("ground truth", Markup.Escape(settings.GroundTruthPath));
        table.AddRow("store", Markup.Escape(ownStore ? settings.StoreDirectory : "the configured store"));
        console.Write(table);
    }

    private static string Format(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
