using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using SegmentFunctions.Cli.Demo;
using SegmentFunctions.Cli.Tests.Infrastructure;

namespace SegmentFunctions.Cli.Tests;

/// <summary>`segment serve` on a real port, and the command line the demo prints to start it.</summary>
public sealed class ServeCommandTests : IDisposable
{
    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("segment-serve-");

    [Fact]
    public async Task Serve_answers_the_http_functions_on_the_port_until_stopped()
    {
        var port = FreePort();
        var cli = new CliHarness(configuration: new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["SEGMENT_DATA_DIR"] = _data.FullName,
            ["Telemetry:Exporter"] = "None",
            ["Api:Key"] = "k1",
        }).Build());
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var run = cli.RunAsync(["serve", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)], stop.Token);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        var health = await WaitForHealthAsync(http, run);
        using var withoutKey = await http.GetAsync(new Uri("/api/models", UriKind.Relative));
        using var withKey = await http.GetAsync(new Uri("/api/models?code=k1", UriKind.Relative));
        await stop.CancelAsync();
        var exitCode = await run;

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, withoutKey.StatusCode);
        Assert.Equal(HttpStatusCode.OK, withKey.StatusCode);
        Assert.Equal(0, exitCode);
        Assert.Contains($"http://127.0.0.1:{port}/api", cli.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("70000")]
    [InlineData("http")]
    public async Task A_port_out_of_range_exits_2(string port)
    {
        var cli = new CliHarness();

        Assert.Equal(2, await cli.RunAsync("serve", "--port", port));
    }

    [Theory]
    [InlineData("/tmp/demo output/store")]
    [InlineData("/tmp/it's here/store")]
    [InlineData("/tmp/$HOME `x`/store")]
    public void The_printed_command_names_the_demo_store_exactly_when_pasted_into_a_shell(string store)
    {
        var line = DemoSummary.ServeCommandLine(store);
        const string Serve = "dotnet run --project functions/SegmentFunctions.Cli -- serve";
        Assert.EndsWith(Serve, line, StringComparison.Ordinal);

        // The same line with the command replaced by one that prints the store it was given.
        var printed = Bash(line[..^Serve.Length] + "printenv SEGMENT_DATA_DIR");

        Assert.Equal(store, printed.TrimEnd('\n'));
    }

    [Fact]
    public void On_a_configured_store_the_command_sets_no_store_of_its_own()
    {
        Assert.Equal("dotnet run --project functions/SegmentFunctions.Cli -- serve", DemoSummary.ServeCommandLine(null));
    }

    public void Dispose() => _data.Delete(recursive: true);

    private static async Task<HttpResponseMessage> WaitForHealthAsync(HttpClient http, Task<int> run)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            Assert.False(run.IsCompleted, $"serve exited with {(run.IsCompleted ? run.Result : 0)} before answering.");
            try
            {
                return await http.GetAsync(new Uri("/api/health", UriKind.Relative));
            }
            catch (HttpRequestException) when (deadline.Elapsed < TimeSpan.FromSeconds(60))
            {
                await Task.Delay(200);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Bash(string script)
    {
        using var process = Process.Start(new ProcessStartInfo("bash", ["-c", script]) { RedirectStandardOutput = true })!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        return output;
    }
}
