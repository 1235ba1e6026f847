using System.CommandLine;
using SegmentFunctions.Cli.Bench;
using SegmentFunctions.Cli.Commands;
using SegmentFunctions.Cli.Composition;
using Spectre.Console;

var configuration = CliServices.ReadConfiguration();
await using var services = CliServices.Build(configuration, new Dictionary<string, string?>());
var console = AnsiConsole.Console;
if (Console.IsOutputRedirected)
{
    // Spectre assumes 80 columns when output goes to a file or CI log; tables read better unwrapped there.
    console.Profile.Width = 200;
}

var time = TimeProvider.System;

// Each command is a class whose Create() returns its System.CommandLine Command; add new ones here.
var root = new RootCommand("segment: customer segmentation and churn scoring")
{
    new DemoCommand(configuration, console, time).Create(),
    new IngestCommand(services, console, time).Create(),
    new SendCommand(configuration, console).Create(),
    new ConsumeCommand(services, configuration, console).Create(),
    new ReportCommand(services, console, time).Create(),
    new SnapshotCommand(services, console, time).Create(),
    new RetrainCommand(services, console).Create(),
    new RunsCommand(services, console).Create(),
    new EvaluateCommand(console, Console.Out, Console.Error, time).Create(),
    new BenchCommand(BenchCatalog.All, console, Console.Out).Create(),
    new ServeCommand(configuration, console).Create(),
};

return await CommandRunner.RunAsync(root, args, console);
