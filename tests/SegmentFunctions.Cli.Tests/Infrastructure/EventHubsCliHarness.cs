using Microsoft.Extensions.Configuration;
using SegmentFunctions.Cli.Commands;
using SegmentFunctions.Testing.EventHubs;
using Spectre.Console;

namespace SegmentFunctions.Cli.Tests.Infrastructure;

/// <summary>Runs `segment send` in process against settings (by default those of an Event Hubs test double), capturing what it prints.</summary>
internal sealed class EventHubsCliHarness
{
    private readonly StringWriter _output = new();
    private readonly System.CommandLine.RootCommand _root;

    public EventHubsCliHarness(IReadOnlyDictionary<string, string?> settings)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(_output),
        });
        console.Profile.Width = 400;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        _root = new System.CommandLine.RootCommand("segment")
        {
            new SendCommand(configuration, console).Create(),
        };
        Console = console;
    }

    public IAnsiConsole Console { get; }

    public string Output => _output.ToString();

    public static Dictionary<string, string?> SettingsOf(EventHubsTestDouble hub) => new()
    {
        ["EventHubConnection"] = hub.ConnectionString,
        ["EventHubName"] = hub.Name,
        ["EventHubs:MaxRetries"] = "0",
        ["EventHubs:TryTimeout"] = "00:00:10",
    };

    public Task<int> RunAsync(params string[] args) => CommandRunner.RunAsync(_root, args, Console);
}
