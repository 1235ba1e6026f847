using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using SegmentFunctions.Application.Ingestion;
using SegmentFunctions.Cli.Bench;
using SegmentFunctions.Cli.Commands;
using Spectre.Console;

namespace SegmentFunctions.Cli.Tests.Infrastructure;

/// <summary>Runs `segment` in process with a given featurizer and benchmark catalog, capturing what it prints.</summary>
internal sealed class CliHarness
{
    private readonly StringWriter _output = new();
    private readonly StringWriter _json = new();

    public CliHarness(IEventBatchProcessor? processor = null, IReadOnlyList<IBenchmark>? benchmarks = null)
    {
        var services = new ServiceCollection();
        if (processor is not null)
        {
            services.AddSingleton(processor);
        }

        Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(_output),
        });
        // Wide enough that messages are not wrapped mid-phrase.
        Console.Profile.Width = 400;

        Root = new RootCommand("segment")
        {
            new IngestCommand(services.BuildServiceProvider(), Console, TimeProvider.System).Create(),
            new BenchCommand(benchmarks ?? [], Console, _json).Create(),
        };
    }

    public IAnsiConsole Console { get; }
    public RootCommand Root { get; }
    public string Output => _output.ToString();
    public string Json => _json.ToString();

    public Task<int> RunAsync(params string[] args) => CommandRunner.RunAsync(Root, args, Console);
}
