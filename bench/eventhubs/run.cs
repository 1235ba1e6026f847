#:project ../../tests/SegmentFunctions.Testing/SegmentFunctions.Testing.csproj
#:property TreatWarningsAsErrors=true
#:property PublishAot=false

// Events per second end to end over Event Hubs (segment send -> the Event Hubs test double -> segment consume -> the
// embedded store) next to `segment ingest` of the same file, in the same run. The CLI runs as child processes, as an
// operator would run it; the test double runs in this process on a loopback port.
// Build the CLI first: dotnet build -c Release functions/SegmentFunctions.Cli
// Usage: dotnet run bench/eventhubs/run.cs -- [customers (default 500)] [path to segment.dll] [partitions (default 4)]
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using SegmentFunctions.Domain.Synthetic;
using SegmentFunctions.Testing.EventHubs;

var customers = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 500;
var segment = Path.GetFullPath(args.Length > 1 ? args[1] : "functions/SegmentFunctions.Cli/bin/Release/net10.0/segment.dll");
var partitions = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 4;
if (!File.Exists(segment))
{
    Console.Error.WriteLine($"{segment} does not exist; build the CLI first (dotnet build -c Release functions/SegmentFunctions.Cli).");
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

    Console.WriteLine($"{lines:N0} events of {customers:N0} customers, {new FileInfo(file).Length / 1e6:0.0} MB");

    var ingestClock = Stopwatch.StartNew();
    var ingest = await RunAsync(segment, ["ingest", "--file", file], new() { ["SEGMENT_DATA_DIR"] = Path.Combine(work, "ingest") });
    ingestClock.Stop();
    var ingestRate = Row(ingest, "events/s");

    using var hub = EventHubsTestDouble.Start("customer-events", partitions);
    var settings = new Dictionary<string, string?>
    {
        ["EventHubConnection"] = hub.ConnectionString,
        ["EventHubName"] = hub.Name,
        ["SEGMENT_DATA_DIR"] = Path.Combine(work, "consume"),
        ["EventHubs__LoadBalancingInterval"] = "00:00:00.250",
        ["EventHubs__MaximumWaitTime"] = "00:00:00.200",
    };
    var consumer = Start(segment, ["consume", "--exit-when-idle", "10"], settings);

    // The consumer claims every partition before the clock starts, so the figure is the steady pipeline, not start-up.
    var checkpoints = Path.Combine(work, "consume", "blobs", "eventhubs");
    await Task.Delay(TimeSpan.FromSeconds(3));

    var endToEnd = Stopwatch.StartNew();
    var send = await RunAsync(segment, ["send", "--file", file], settings);
    var sendSeconds = endToEnd.Elapsed.TotalSeconds;
    var last = hub.PartitionIds.ToDictionary(p => p, p => hub.Events(p).Count - 1L);
    while (!AllCheckpointed(checkpoints, last))
    {
        await Task.Delay(20);
    }

    endToEnd.Stop();
    await consumer.WaitForExitAsync();
    var endToEndRate = lines / endToEnd.Elapsed.TotalSeconds;

    Console.WriteLine();
    Console.WriteLine($"segment ingest                       {ingestRate,12:N0} events/s (its own summary; {ingestClock.Elapsed.TotalSeconds:0.0} s with start-up)");
    Console.WriteLine($"segment send (to the test double)    {Row(send, "events/s"),12:N0} events/s ({sendSeconds:0.0} s with start-up)");
    Console.WriteLine($"send -> hub -> consume -> store      {endToEndRate,12:N0} events/s ({endToEnd.Elapsed.TotalSeconds:0.0} s, send start to last checkpoint)");
    Console.WriteLine($"end to end / ingest                  {endToEndRate / ingestRate,12:P0}");
    return 0;
}
finally
{
    Directory.Delete(work, recursive: true);
}

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

static Process Start(string segment, string[] arguments, Dictionary<string, string?> environment)
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

static async Task<string> RunAsync(string segment, string[] arguments, Dictionary<string, string?> environment)
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

    using var process = Process.Start(start)!;
    var output = await process.StandardOutput.ReadToEndAsync();
    await process.WaitForExitAsync();
    if (process.ExitCode != 0)
    {
        throw new InvalidOperationException($"segment {string.Join(' ', arguments)} exited {process.ExitCode}:\n{output}");
    }

    return output;
}

static double Row(string output, string label)
{
    var match = Regex.Match(output, $@"^\W*{Regex.Escape(label)}\W+([\d,.]+)", RegexOptions.Multiline);
    return match.Success ? double.Parse(match.Groups[1].Value.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture) : double.NaN;
}
