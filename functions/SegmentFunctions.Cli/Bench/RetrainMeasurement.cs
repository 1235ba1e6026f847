using System.Diagnostics;
using System.Globalization;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SegmentFunctions.Application.Composition;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Application.Retraining;
using SegmentFunctions.Application.Retraining.Runs;
using SegmentFunctions.DurableTask;

namespace SegmentFunctions.Cli.Bench;

/// <summary>
/// One full retrain, the real orchestration (<see cref="RetrainingServiceCollectionExtensions.AddSegmentRetraining"/>)
/// run in process on the local Durable Task worker, measured: the run's wall time, each activity's wall time from its
/// duration metric (<see cref="ActivityTimings"/>) with the largest working set sampled while it ran, and the run's
/// peak working set. The benchmarks that retrain (retrain, scale) differ in how they prepare the data, not in this.
/// </summary>
internal sealed record RetrainMeasurement(
    RetrainResult Result,
    TimeSpan Elapsed,
    double PeakMegabytes,
    double StartingMegabytes,
    IReadOnlyList<ActivityTiming> Activities,
    IReadOnlyList<(DateTimeOffset At, double Megabytes)> Samples,
    double? LoadAverage)
{
    private static readonly TimeSpan SampleInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Runs a retrain on <paramref name="features"/> and <paramref name="blobs"/> with <paramref name="configuration"/>
    /// and waits for it. With <paramref name="runId"/> the run is scheduled under that instance id, so that the ids it
    /// derives (its snapshot's, <see cref="RetrainIds"/>) are known before it starts; without, it is started as the
    /// CLI starts one.
    /// </summary>
    /// <exception cref="InvalidOperationException">The run failed.</exception>
    public static async Task<RetrainMeasurement> RunAsync(
        IBlobStore blobs,
        IFeatureStore features,
        IReadOnlyDictionary<string, string?> configuration,
        RetrainRequest request,
        string? runId,
        CancellationToken cancellationToken)
    {
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(blobs)
            .AddSingleton(features)
            .AddSingleton(TimeProvider.System);
        services.AddLocalDurableTask(new ConfigurationBuilder().AddInMemoryCollection(configuration).Build());
        await using var provider = services.BuildServiceProvider();
        var host = provider.GetRequiredService<LocalDurableTaskHost>();
        await host.StartAsync(cancellationToken);
        var runs = provider.GetRequiredService<RetrainRuns>();

        var load = ReadLoadAverage();
        PeakMemory.Reset();
        var starting = PeakMemory.WorkingSetMegabytes();
        using var sampler = new WorkingSetSampler(SampleInterval);
        using var timings = new ActivityTimings();
        var run = Stopwatch.StartNew();
        if (runId is null)
        {
            runId = (await runs.StartAsync(host.Client, request, cancellationToken)).RunId;
        }
        else
        {
            await host.Client.ScheduleNewOrchestrationInstanceAsync(
                RetrainOrchestration.Name, request, new StartOrchestrationOptions(InstanceId: runId), cancellationToken);
        }

        var status = await runs.WaitForCompletionAsync(host.Client, runId, progress: null, cancellationToken);
        run.Stop();
        var peak = PeakMemory.PeakMegabytes();
        var samples = sampler.Stop();
        var result = status.ReadResult()
            ?? throw new InvalidOperationException($"The retraining run ended {status.RuntimeStatus}: {status.Failure?.Step}: {status.Failure?.Message}");
        return new RetrainMeasurement(result, run.Elapsed, peak, starting, timings.Completed(), samples, load);
    }

    /// <summary>
    /// Each activity's wall time, named with the process's working set at its largest while the activity ran (the
    /// largest sample) and the activities that ran at the same time: the local worker runs several at once, so that
    /// peak is theirs together, not the activity's own.
    /// </summary>
    public IReadOnlyList<BenchFigure> ActivityFigures(string benchmark) =>
    [
        .. Activities.Select(activity =>
        {
            // An activity shorter than the sampling interval gets the last sample taken before it ended.
            var largest = Samples.Where(s => s.At >= activity.StartedTime && s.At <= activity.CompletedTime).Select(s => s.Megabytes)
                .DefaultIfEmpty(Samples.LastOrDefault(s => s.At <= activity.CompletedTime).Megabytes).Max();
            var overlapping = Activities.Where(other => !ReferenceEquals(other, activity) && other.Overlaps(activity))
                .GroupBy(other => other.Name)
                .Select(g => g.Count() == 1 ? g.Key : string.Create(CultureInfo.InvariantCulture, $"{g.Key} x{g.Count()}"))
                .ToArray();
            var shared = overlapping.Length == 0 ? "alone" : $"shared with {string.Join(", ", overlapping)}";
            var metric = string.Create(CultureInfo.InvariantCulture, $"{activity.Name} (process working set peak while it ran {largest:N0} MB, {shared})");
            return new BenchFigure(benchmark, metric, (activity.CompletedTime - activity.StartedTime).TotalSeconds, "s", 1);
        }),
    ];

    /// <summary>The run's wall time and peak working set next to their goals, its outcome, the load before it.</summary>
    public IReadOnlyList<BenchFigure> RunFigures(string benchmark, string timeGoal, string memoryGoal)
    {
        var memory = PeakMemory.CanReset ? "peak working set of the run" : "peak working set of the process so far";
        var classifier = Result.Metrics.ChurnClassifierTrained ? "trained" : "not trained";
        List<BenchFigure> figures =
        [
            new(benchmark, $"full retrain, {Result.Outcome} (classifier {classifier})", Elapsed.TotalSeconds, "s", 1, Goal: timeGoal),
            new(benchmark, memory, PeakMegabytes, "MB", 1, Goal: memoryGoal),
            new(benchmark, "working set at the start of the run (what the setup left)", StartingMegabytes, "MB", 1),
            new(benchmark, "customers batch scored", Result.BatchScore?.Scored ?? 0, "customers", 1),
            new(benchmark, "segments of the challenger", Result.Metrics.Segments, "segments", 1),
            new(benchmark, $"challenger churn ROC AUC on {Result.Metrics.HoldoutCustomers:N0} held-out customers", Result.Metrics.ChallengerAuc ?? double.NaN, "AUC", 1),
        ];
        if (LoadAverage is { } average)
        {
            figures.Add(new(benchmark, "load average (1 min) before the run", average, "runnable tasks", 1, Goal: $"≤ {Environment.ProcessorCount} (cores)"));
        }

        return figures;
    }

    /// <summary>The 1-minute load average on Linux: figures measured on a busy machine say so.</summary>
    private static double? ReadLoadAverage()
    {
        const string path = "/proc/loadavg";
        return File.Exists(path) && double.TryParse(File.ReadAllText(path).Split(' ')[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var load)
            ? load
            : null;
    }
}
