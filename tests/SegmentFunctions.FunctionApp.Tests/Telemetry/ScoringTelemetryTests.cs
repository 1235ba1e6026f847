using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using SegmentFunctions.Application.Telemetry;
using SegmentFunctions.FunctionApp.Tests.Serving;

namespace SegmentFunctions.FunctionApp.Tests.Telemetry;

public sealed class ScoringTelemetryTests(ServedFunctionAppFixture served) : IClassFixture<ServedFunctionAppFixture>
{
    [Fact]
    public async Task Scoring_records_its_latency_by_operation_and_outcome()
    {
        var measurements = new ConcurrentQueue<(string Operation, string Outcome, double Seconds)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == SegmentTelemetry.Name && instrument.Name == "segment.serving.score.duration")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((_, value, tags, _) =>
        {
            var list = tags.ToArray();
            measurements.Enqueue(((string)list.Single(t => t.Key == "segment.operation").Value!, (string)list.Single(t => t.Key == "segment.outcome").Value!, value));
        });
        listener.Start();

        var scored = await served.Client.GetAsync(new Uri($"/api/customers/{served.Bundles.Documents[3].CustomerId}/scores", UriKind.Relative));
        var unknown = await served.Client.GetAsync(new Uri("/api/customers/not-a-customer/scores", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, scored.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains(measurements, m => m is { Operation: "single", Outcome: "scored", Seconds: > 0 });
        Assert.Contains(measurements, m => m is { Operation: "single", Outcome: "unknown" });
    }
}
