using System.CommandLine;
using Microsoft.Extensions.Configuration;
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

    /// <param name="configuration">Settings for commands that build their own container (demo, serve); empty by default.</param>
    public CliHarness(IEventBatchProcessor? processor = null, IReadOnlyList<IBenchmark>? benchmarks = null, IConfiguration? configuration = null)
        : this(Services(processor), benchmarks, configuration)
    {
    }

    /// <param name="services">The container commands resolve from, e.g. the real composition on a temporary data folder.</param>
    public CliHarness(IServiceProvider services, IReadOnlyList<IBenchmark>? benchmarks = null, IConfiguration? configuration = null)
    {
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
            new DemoCommand(configuration ?? new ConfigurationBuilder().Build(), Console, TimeProvider.System).Create(),
            new IngestCommand(services, Console, TimeProvider.System).Create(),
            new ReportCommand(services, Console, TimeProvider.System).Create(),
            new SnapshotCommand(services, Console, TimeProvider.System).Create(),
            new RetrainCommand(services, Console).Create(),
            new RunsCommand(services, Console).Create(),
            new BenchCommand(benchmarks ?? [], Console, _json).Create(),
            new ServeCommand(configuration ?? new ConfigurationBuilder().Build(), Console).Create(),
        };
    }

    public IAnsiConsole Console { get; }
    public RootCommand Root { get; }
    public string Output => _output.ToString();
    public string Json => _json.ToString();

    public Task<int> RunAsync(params string[] args) => CommandRunner.RunAsync(Root, args, Console);

    public Task<int> RunAsync(string[] args, CancellationToken cancellationToken) => CommandRunner.RunAsync(Root, args, Console, cancellationToken);

    private static ServiceProvider Services(IEventBatchProcessor? processor)
    {
        var services = new ServiceCollection();
        if (processor is not null)
        {
            services.AddSingleton(processor);
        }

        return services.BuildServiceProvider();
    }
}
