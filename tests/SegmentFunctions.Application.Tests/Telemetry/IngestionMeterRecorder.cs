using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using SegmentFunctions.Application.Telemetry;

namespace SegmentFunctions.Application.Tests.Telemetry;

/// <summary>
/// Sums what the app's meter records for one ingestion source, per instrument and outcome. The meter is process-wide
/// and tests run in parallel: a source name of the test's own isolates its batches.
/// </summary>
internal sealed class IngestionMeterRecorder : IDisposable
{
    private readonly ConcurrentDictionary<string, long> _totals = new(StringComparer.Ordinal);
    private readonly MeterListener _listener = new();

    public IngestionMeterRecorder()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == SegmentTelemetry.Name)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            string? source = null;
            string? outcome = null;
            foreach (var tag in tags)
            {
                switch (tag.Key)
                {
                    case "segment.source":
                        source = tag.Value as string;
                        break;
                    case "segment.outcome":
                        outcome = tag.Value as string;
                        break;
                }
            }

            if (source == Source)
            {
                Add(Key(instrument.Name, null), value);
                if (outcome is not null)
                {
                    Add(Key(instrument.Name, outcome), value);
                }
            }
        });
        _listener.Start();
    }

    public string Source { get; } = $"telemetry-{Guid.NewGuid():N}";

    /// <summary>What <paramref name="instrument"/> recorded for this source: with <paramref name="outcome"/> only, or in all.</summary>
    public long Total(string instrument, string? outcome = null) => _totals.GetValueOrDefault(Key(instrument, outcome));

    public void Dispose() => _listener.Dispose();

    private void Add(string key, long value) => _totals.AddOrUpdate(key, value, (_, total) => total + value);

    private static string Key(string instrument, string? outcome) => outcome is null ? instrument : $"{instrument}|{outcome}";
}
