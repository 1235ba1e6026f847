using System.Diagnostics;
using SegmentFunctions.Cli.Commands;
using SegmentFunctions.Testing.EventHubs;
using static SegmentFunctions.Cli.Tests.EventHubs.EventHubsPipeline;

namespace SegmentFunctions.Cli.Tests.EventHubs;

/// <summary>
/// `segment consume` as a child process, killed with SIGKILL midway and started again: it resumes from its
/// checkpoints, and the store ends as after an uninterrupted run.
/// </summary>
public sealed class ConsumeRestartTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);
    private readonly string _directory = Directory.CreateTempSubdirectory("segment-consume-kill-").FullName;
    private readonly EventHubsTestDouble _hub = EventHubsTestDouble.Start("customer-events", partitionCount: 4);

    [Fact]
    public async Task A_consumer_killed_midway_resumes_from_its_checkpoints_and_ends_with_the_features_of_an_uninterrupted_run()
    {
        var file = Path.Combine(_directory, "events.jsonl");
        await WriteShopAsync(file, customers: 150, seed: 21);
        await SendAsync(_hub, file);
        await using (var ingested = Services(Path.Combine(_directory, "ingest")))
        {
            await IngestAsync(ingested, file);
        }

        var data = Path.Combine(_directory, "consume");
        var checkpoints = Path.Combine(data, "blobs", "eventhubs");
        using (var first = StartConsumer(data, "first", exitWhenIdleSeconds: 600))
        {
            await WaitForAsync(
                () => Directory.Exists(checkpoints) && Directory.EnumerateFiles(checkpoints, "*", SearchOption.AllDirectories).Any(f => f.Contains("checkpoint", StringComparison.Ordinal)),
                Timeout,
                "the first consumer's first checkpoint");
            first.Process.Kill(entireProcessTree: true);
            await first.Process.WaitForExitAsync();
        }

        using var second = StartConsumer(data, "second", exitWhenIdleSeconds: 10);
        using (var wait = new CancellationTokenSource(Timeout))
        {
            await second.Process.WaitForExitAsync(wait.Token);
        }

        var output = second.Output;
        Assert.True(second.Process.ExitCode == ExitCodes.Success, output);
        var received = Row(output, "events received");
        Assert.True(received > 0, $"The first consumer had read everything before it was killed; nothing was left to resume.\n{output}");
        Assert.True(received < _hub.EventCount, $"The restarted consumer read {received} of {_hub.EventCount} events: it did not resume from its checkpoints.\n{output}");

        await using var ingestedAgain = Services(Path.Combine(_directory, "ingest"));
        await using var consumed = Services(data);
        await AssertSameFeaturesAsync(ingestedAgain, consumed);
    }

    [Fact]
    public async Task Ctrl_c_stops_the_consumer_with_its_summary_after_checkpointing_what_it_processed()
    {
        var file = Path.Combine(_directory, "events.jsonl");
        await WriteShopAsync(file, customers: 100, seed: 22);
        await SendAsync(_hub, file);
        var data = Path.Combine(_directory, "consume");
        var checkpoints = Path.Combine(data, "blobs", "eventhubs");

        using var consumer = StartConsumer(data, "first", exitWhenIdleSeconds: 600);
        await WaitForAsync(
            () => Directory.Exists(checkpoints) && Directory.EnumerateFiles(checkpoints, "*", SearchOption.AllDirectories).Any(f => f.Contains("checkpoint", StringComparison.Ordinal)),
            Timeout,
            "the consumer's first checkpoint");
        using (var interrupt = Process.Start("kill", ["-INT", consumer.Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await interrupt.WaitForExitAsync();
        }

        using (var wait = new CancellationTokenSource(Timeout))
        {
            await consumer.Process.WaitForExitAsync(wait.Token);
        }

        var output = consumer.Output;
        Assert.True(consumer.Process.ExitCode == ExitCodes.Success, $"exit {consumer.Process.ExitCode}: {output}");
        var received = Row(output, "events received");

        // Every batch it reported is checkpointed: a restart reads exactly the rest.
        using var rest = StartConsumer(data, "second", exitWhenIdleSeconds: 10);
        using (var wait = new CancellationTokenSource(Timeout))
        {
            await rest.Process.WaitForExitAsync(wait.Token);
        }

        Assert.Equal(_hub.EventCount, received + Row(rest.Output, "events received"));
    }

    private ChildConsumer StartConsumer(string dataDirectory, string identifier, int exitWhenIdleSeconds)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _directory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "segment.dll"));
        foreach (var argument in new[] { "consume", "--batch-size", "8", "--exit-when-idle", exitWhenIdleSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["SEGMENT_DATA_DIR"] = dataDirectory;
        start.Environment["EventHubConnection"] = _hub.ConnectionString;
        start.Environment["EventHubName"] = _hub.Name;
        start.Environment["EventHubs__LoadBalancingInterval"] = "00:00:00.500";
        start.Environment["EventHubs__OwnershipExpiration"] = "00:00:03";
        start.Environment["EventHubs__MaximumWaitTime"] = "00:00:00.300";
        start.Environment["EventHubs__ProcessorIdentifier"] = identifier;
        return new ChildConsumer(Process.Start(start)!);
    }

    public void Dispose()
    {
        _hub.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A pooled SQLite handle of another thread; the OS temp cleaner gets it.
        }
    }

    /// <summary>A child process whose output is collected as it comes, so its pipes never fill.</summary>
    private sealed class ChildConsumer : IDisposable
    {
        private readonly System.Text.StringBuilder _output = new();

        public ChildConsumer(Process process)
        {
            Process = process;
            process.OutputDataReceived += (_, e) => Append(e.Data);
            process.ErrorDataReceived += (_, e) => Append(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public Process Process { get; }

        public string Output
        {
            get
            {
                Process.WaitForExit();
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        public void Dispose()
        {
            if (!Process.HasExited)
            {
                Process.Kill(entireProcessTree: true);
            }

            Process.Dispose();
        }

        private void Append(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
