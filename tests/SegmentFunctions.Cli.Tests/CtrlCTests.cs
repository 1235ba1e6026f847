using System.Diagnostics;
using System.Globalization;
using SegmentFunctions.Cli.Commands;
using static SegmentFunctions.Cli.Tests.EventHubs.EventHubsPipeline;

namespace SegmentFunctions.Cli.Tests;

/// <summary>
/// Ctrl+C (SIGINT) sent to `segment ingest` running as a child process: it finishes the batches in hand, prints its
/// summary and exits 130 saying it was interrupted; running it again completes the store exactly as an uninterrupted
/// run does, so nothing was lost or half-written.
/// </summary>
public sealed class CtrlCTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);
    private readonly string _directory = Directory.CreateTempSubdirectory("segment-ctrl-c-").FullName;

    [Fact]
    public async Task Ctrl_c_stops_ingest_after_the_batches_in_hand_and_a_rerun_ends_as_an_uninterrupted_run()
    {
        var file = Path.Combine(_directory, "events.jsonl");
        var lines = await WriteShopAsync(file, customers: 2_000, seed: 31);
        var data = Path.Combine(_directory, "interrupted");
        var wal = Path.Combine(data, "features.db-wal");

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "segment.dll"), "ingest", "--file", file, "--batch-size", "64" })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["SEGMENT_DATA_DIR"] = data;
        using var child = Process.Start(start)!;
        var output = child.StandardOutput.ReadToEndAsync();
        var errors = child.StandardError.ReadToEndAsync();
        // Opening the store writes its schema to the log too; a few hundred kilobytes are feature documents.
        await WaitForAsync(() => File.Exists(wal) && new FileInfo(wal).Length > 256 * 1024, Timeout, "the first feature documents");
        using (var interrupt = Process.Start("kill", ["-INT", child.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await interrupt.WaitForExitAsync();
        }

        using (var wait = new CancellationTokenSource(Timeout))
        {
            await child.WaitForExitAsync(wait.Token);
        }

        var printed = await output + await errors;
        Assert.True(child.ExitCode == ExitCodes.Interrupted, $"exit {child.ExitCode}:\n{printed}");
        Assert.Contains("Interrupted:", printed, StringComparison.Ordinal);
        var read = Row(printed, "events read");
        Assert.True(read > 0 && read < lines, $"{read} of {lines} events were read before the interruption:\n{printed}");

        await using var resumed = Services(data);
        await IngestAsync(resumed, file);
        await using var uninterrupted = Services(Path.Combine(_directory, "uninterrupted"));
        await IngestAsync(uninterrupted, file);
        await AssertSameFeaturesAsync(uninterrupted, resumed);
    }

    public void Dispose()
    {
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
}
