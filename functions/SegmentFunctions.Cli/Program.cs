using System.CommandLine;
using SegmentFunctions.Cli.Bench;
using SegmentFunctions.Cli.Commands;
using SegmentFunctions.Cli.Composition;
using Spectre.Console;

await using var services = CliServices.Build();
var console = AnsiConsole.Console;
var time = TimeProvider.System;

// Each command is a class whose Create() returns its System.CommandLine Command; add new ones here.
var root = new RootCommand("segment: customer segmentation and churn scoring")
{
    new IngestCommand(services, console, time).Create(),
    new EvaluateCommand(console, Console.Out, Console.Error, time).Create(),
    new BenchCommand(BenchCatalog.All, console, Console.Out).Create(),
};

return await CommandRunner.RunAsync(root, args, console);
