using System.Diagnostics;
using System.Text;

namespace SegmentFunctions.Dashboard.Tests.Infrastructure;

/// <summary>The `segment` command of the test output (segment.dll) as a child process on a store, its output captured.</summary>
public static class SegmentProcess
{
    public static Process Start(IReadOnlyList<string> args, string store, StringBuilder output)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "segment.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["SEGMENT_DATA_DIR"] = store;
        info.Environment["Telemetry__Exporter"] = "None";
        info.Environment["Api__Key"] = DashboardFixture.ApiKey;
        // Rollback shows in the served version within a second rather than the default half minute.
        info.Environment["Serving__PollInterval"] = "00:00:01";
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    public static async Task<(int ExitCode, string Output)> RunAsync(IReadOnlyList<string> args, string store, TimeSpan timeout)
    {
        var output = new StringBuilder();
        using var process = Start(args, store, output);
        using var cancel = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cancel.Token);
        return (process.ExitCode, Text(output));
    }

    public static string Text(StringBuilder output)
    {
        ArgumentNullException.ThrowIfNull(output);
        lock (output)
        {
            return output.ToString();
        }
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }
}
