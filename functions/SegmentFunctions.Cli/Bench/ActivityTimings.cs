using System.Diagnostics.Metrics;
using SegmentFunctions.Application.Telemetry;

namespace SegmentFunctions.Cli.Bench;

/// <summary>
/// The retraining activities executed while it listens, each with its start and end, read from the activity
/// duration metric (<see cref="SegmentTelemetry.ActivityDurationName"/>) the activities record when they end.
/// </summary>
internal sealed class ActivityTimings : IDisposable
{
    private readonly List<ActivityTiming> _completed = [];
    private readonly MeterListener _listener = new();

    public ActivityTimings()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == SegmentTelemetry.Name && instrument.Name == SegmentTelemetry.ActivityDurationName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((_, seconds, tags, _) =>
        {
            var name = "?";
            foreach (var tag in tags)
            {
                if (tag.Key == "segment.activity")
                {
                    name = tag.Value as string ?? name;
                }
            }

            var completed = DateTimeOffset.UtcNow;
            lock (_completed)
            {
                _completed.Add(new ActivityTiming(name, completed - TimeSpan.FromSeconds(seconds), completed));
            }
        });
        _listener.Start();
    }

    /// <summary>The activities that ended so far, in the order they started.</summary>
    public IReadOnlyList<ActivityTiming> Completed()
    {
        lock (_completed)
        {
            return [.. _completed.OrderBy(a => a.StartedTime)];
        }
    }

    public void Dispose() => _listener.Dispose();
}
