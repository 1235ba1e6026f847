#:project ../../tests/SegmentFunctions.Testing/SegmentFunctions.Testing.csproj
#:property TreatWarningsAsErrors=true
#:property PublishAot=false
#:property AllowUnsafeBlocks=true
#:property TieredPGO=false
#:property ConcurrentGarbageCollection=false

// Events per second end to end over Event Hubs (segment send -> the Event Hubs test double -> segment consume -> the
// embedded store) next to `segment ingest` of the same file, in the same run, and each stage alone: send to an idle
// hub, consume of a filled hub. The CLI runs as child processes, as an operator would run it; the test double runs in
// this process on a loopback port. Next to each wall-clock figure is the CPU time it took (user + system; children's
// CPU on Linux), which a busy machine disturbs less than the wall clock. Ingest and the Event Hubs stages run the same
// binary: the CLI as operators run it, published for linux-x64 with ReadyToRun code (infra/package-cli.sh).
// Publish the CLI first: bash infra/package-cli.sh
// Usage: dotnet run -c Release bench/eventhubs/run.cs -- [customers (default 500)] [path to segment.dll (default
// artifacts/cli/segment.dll)] [partitions (default 4)]
// (-c Release builds the test double optimized, as the CLI is; without dynamic PGO and with the non-concurrent GC:
// the double stands in for the service, which would not share the machine, so it takes as little CPU as it can.)
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using SegmentFunctions.Domain.Synthetic;
using SegmentFunctions.Testing.EventHubs;

var customers = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 500;
var segment = Path.GetFullPath(args.Length > 1 ? args[1] : "artifacts/cli/segment.dll");
var partitions = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 4;
if (!File.Exists(segment))
{
    Console.Error.WriteLine($"{segment} does not exist; publish the CLI first (bash infra/package-cli.sh).");
    return 2;
}

var work = Directory.CreateTempSubdirectory("segment-bench-eventhubs-").FullName;
try
{
    var file = Path.Combine(work, "events.jsonl");
    long lines;
    await using (var stream = File.Create(file))
    {
        var shop = new SyntheticShopGenerator(new SyntheticShopOptions { Customers = customers, Months = 12, Seed = 42 });
        lines = await new EventJsonLinesWriter().WriteAsync(shop.EventsInTimeOrder(), stream, CancellationToken.None);
    }

    Console.WriteLine($"{lines:N0} events of {customers:N0} customers, {new FileInfo(file).Length / 1e6:0.0} MB, {partitions} partitions; load average {LoadAverage()}");

    // 1. segment ingest: the featurizer alone, reading the file.
    var ingest = await Measured.RunAsync(segment, ["ingest", "--file", file], new() { ["SEGMENT_DATA_DIR"] = Path.Combine(work, "ingest") });
    var ingestRate = Row(ingest.Output, "events/s");

    // 2. segment send alone, to an idle hub; 3. segment consume alone, of that filled hub.
    using var filled = EventHubsTestDouble.Start("customer-events", partitions);
    var doubleCpu = Cpu.OfThisProcess();
    var sendAlone = await Measured.RunAsync(segment, ["send", "--file", file], Settings(filled, Path.Combine(work, "consume-alone")));
    var sendDoubleCpu = Cpu.OfThisProcess() - doubleCpu;
    var consumeAlone = await ConsumeUntilCheckpointedAsync(segment, filled, Path.Combine(work, "consume-alone"), send: null);

    // 4. End to end: a consumer already running (it has claimed every partition, as a deployed one would have), then
    // the clock runs from the start of `segment send` (its start-up included) to the last event's checkpoint, which
    // is written only after the event's feature document is committed.
    using var hub = EventHubsTestDouble.Start("customer-events", partitions);
    var endToEnd = await ConsumeUntilCheckpointedAsync(segment, hub, Path.Combine(work, "end-to-end"), send: file);

    Console.WriteLine();
    Console.WriteLine($"{"",-44}{"events/s",10}{"wall s",9}{"CPU s",8}{"CPU µs/event",14}");
    Line("segment ingest (its own summary)", ingestRate, ingest.Wall, ingest.Cpu, lines);
    Line("segment ingest (with start-up)", lines / ingest.Wall.TotalSeconds, ingest.Wall, ingest.Cpu, lines);
    Line("segment send alone (with start-up)", lines / sendAlone.Wall.TotalSeconds, sendAlone.Wall, sendAlone.Cpu, lines);
    Line("  the test double receiving it", double.NaN, null, sendDoubleCpu, lines);
    Line("segment consume alone (with start-up)", lines / consumeAlone.Wall.TotalSeconds, consumeAlone.Wall, consumeAlone.ConsumeCpu, lines);
    Line("end to end: send -> hub -> consume -> store", lines / endToEnd.Wall.TotalSeconds, endToEnd.Wall, endToEnd.TotalCpu, lines);
    Line("  of which segment send", double.NaN, null, endToEnd.SendCpu, lines);
    Line("  of which segment consume", double.NaN, null, endToEnd.ConsumeCpu, lines);
    Line("  of which the test double and this process", double.NaN, null, endToEnd.DoubleCpu, lines);
    Console.WriteLine();
    Console.WriteLine($"end to end / ingest, both with start-up    {ingest.Wall / endToEnd.Wall,8:P0}");
    Console.WriteLine($"end to end / ingest's own summary          {lines / endToEnd.Wall.TotalSeconds / ingestRate,8:P0}");
    Console.WriteLine($"load average at the end: {LoadAverage()}");
    return 0;
}
finally
{
    Directory.Delete(work, recursive: true);
}

static Dictionary<string, string?> Settings(EventHubsTestDouble hub, string dataDirectory) => new()
{
    ["EventHubConnection"] = hub.ConnectionString,
    ["EventHubName"] = hub.Name,
    ["SEGMENT_DATA_DIR"] = dataDirectory,
    ["EventHubs__LoadBalancingInterval"] = "00:00:00.250",
    ["EventHubs__MaximumWaitTime"] = "00:00:00.200",
};

// Starts a consumer on `hub`; with `send`, waits until it owns every partition, then sends the file. The clock runs
// from the consumer's start (no send) or the send's start, to the checkpoint of every partition's last event.
static async Task<Consumed> ConsumeUntilCheckpointedAsync(string segment, EventHubsTestDouble hub, string dataDirectory, string? send)
{
    var settings = Settings(hub, dataDirectory);
    var blobs = Path.Combine(dataDirectory, "blobs", "eventhubs");
    var cpuBefore = Cpu.OfChildren();
    var doubleBefore = Cpu.OfThisProcess();
    var clock = Stopwatch.StartNew();
    // The clock stops at the last checkpoint; the consumer is then stopped with Ctrl+C. Its idle exit is only a safety net.
    using var consumer = Measured.Start(segment, ["consume", "--exit-when-idle", "120"], settings);
    var sendCpu = TimeSpan.Zero;
    if (send is not null)
    {
        while (Owned(blobs) < hub.PartitionIds.Count)
        {
            StillRunning(consumer);
            await Task.Delay(20);
        }

        clock.Restart();
        doubleBefore = Cpu.OfThisProcess();
        var sent = await Measured.RunAsync(segment, ["send", "--file", send], settings);
        sendCpu = sent.Cpu;
    }

    var last = hub.PartitionIds.ToDictionary(p => p, p => hub.Events(p).Count - 1L);
    while (!AllCheckpointed(blobs, last))
    {
        StillRunning(consumer);
        await Task.Delay(20);
    }

    var wall = clock.Elapsed;
    var doubleCpu = Cpu.OfThisProcess() - doubleBefore;
    using (var interrupt = Process.Start("kill", ["-INT", consumer.Id.ToString(CultureInfo.InvariantCulture)]))
    {
        await interrupt.WaitForExitAsync();
    }

    await consumer.WaitForExitAsync();
    var total = Cpu.OfChildren() - cpuBefore;
    return new Consumed(wall, sendCpu, total - sendCpu, doubleCpu);
}

static void StillRunning(Process consumer)
{
    if (consumer.HasExited)
    {
        throw new InvalidOperationException($"segment consume exited ({consumer.ExitCode}) before every event was checkpointed.");
    }
}

static int Owned(string root) =>
    Directory.Exists(root)
        ? Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Count(p => Path.GetFileName(Path.GetDirectoryName(p)) == "ownership")
        : 0;

static bool AllCheckpointed(string root, Dictionary<string, long> last)
{
    if (!Directory.Exists(root))
    {
        return false;
    }

    var reached = new Dictionary<string, long>();
    foreach (var path in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Where(p => Path.GetFileName(Path.GetDirectoryName(p)) == "checkpoint"))
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            reached[Path.GetFileName(path)] = document.RootElement.GetProperty("sequenceNumber").GetInt64();
        }
        catch (Exception ex) when (ex is IOException or JsonException)
        {
            return false;
        }
    }

    return last.All(p => p.Value < 0 || (reached.TryGetValue(p.Key, out var sequence) && sequence >= p.Value));
}

static double Row(string output, string label)
{
    var match = Regex.Match(output, $@"^\W*{Regex.Escape(label)}\W+([\d,.]+)", RegexOptions.Multiline);
    return match.Success ? double.Parse(match.Groups[1].Value.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture) : double.NaN;
}

static void Line(string label, double rate, TimeSpan? wall, TimeSpan cpu, long events) =>
    Console.WriteLine($"{label,-44}{(double.IsNaN(rate) ? "" : rate.ToString("N0", CultureInfo.InvariantCulture)),10}{(wall is { } w ? w.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) : ""),9}{Seconds(cpu),8}{PerEvent(cpu, events),14}");

static string PerEvent(TimeSpan cpu, long events) =>
    OperatingSystem.IsLinux() && events > 0 ? (cpu.TotalMicroseconds / events).ToString("0.0", CultureInfo.InvariantCulture) : "-";

static string Seconds(TimeSpan? cpu) => cpu is { } c && OperatingSystem.IsLinux() ? c.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) : "-";

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "-";

internal sealed record Consumed(TimeSpan Wall, TimeSpan SendCpu, TimeSpan ConsumeCpu, TimeSpan DoubleCpu)
{
    public TimeSpan TotalCpu => SendCpu + ConsumeCpu + DoubleCpu;
}

internal sealed record Finished(string Output, TimeSpan Wall, TimeSpan Cpu);

internal static class Measured
{
    public static Process Start(string segment, string[] arguments, Dictionary<string, string?> environment)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(segment);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Runs a command to its end: its output, its wall clock with start-up, and its CPU time.</summary>
    public static async Task<Finished> RunAsync(string segment, string[] arguments, Dictionary<string, string?> environment)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(segment);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var cpu = Cpu.OfChildren();
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        clock.Stop();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"segment {string.Join(' ', arguments)} exited {process.ExitCode}:\n{output}");
        }

        return new Finished(output, clock.Elapsed, Cpu.OfChildren() - cpu);
    }
}

/// <summary>CPU time (user + system) from getrusage: of this process, or of its children that have ended. Linux only; zero elsewhere.</summary>
internal static partial class Cpu
{
    public static TimeSpan OfThisProcess() => Usage(0);

    public static TimeSpan OfChildren() => Usage(-1);

    private static TimeSpan Usage(int who)
    {
        if (!OperatingSystem.IsLinux())
        {
            return TimeSpan.Zero;
        }

        // struct rusage starts with two struct timeval (user, system): seconds and microseconds, 64-bit each.
        Span<long> usage = stackalloc long[18];
        return GetRUsage(who, ref MemoryMarshal.GetReference(usage)) == 0
            ? TimeSpan.FromSeconds(usage[0] + usage[2]) + TimeSpan.FromMicroseconds(usage[1] + usage[3])
            : TimeSpan.Zero;
    }

    [LibraryImport("libc", EntryPoint = "getrusage")]
    private static partial int GetRUsage(int who, ref long usage);
}
