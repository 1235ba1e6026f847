using SegmentFunctions.Application.Ingestion;
using SegmentFunctions.Domain.Events;
using SegmentFunctions.Domain.Features;
using SegmentFunctions.Domain.Serialization;

namespace SegmentFunctions.Cli.Bench;

/// <summary>
/// Sizes of a feature document's processing state (watermarks and dedupe keys) as stored: for a heavy customer (5,000
/// events evenly over 30 days) under the configured de-duplication horizon, and under the former design (the 1,000
/// greatest keys, whatever their age) for comparison.
/// </summary>
internal static class DedupeStateSizes
{
    public const int HeavyEvents = 5_000;

    /// <summary>The former design: a window of the 1,000 greatest keys, whatever their age.</summary>
    public static FeatureFoldSettings CountWindow { get; } = new() { DedupeHorizon = TimeSpan.FromDays(3650), MaxRecentKeys = 1_000 };

    /// <summary>The featurizer's settings for <see cref="CountWindow"/>, to ingest under the former design in the same run.</summary>
    public static IngestionOptions CountWindowOptions => new() { DedupeHorizonDays = 3650, MaxRecentKeys = 1_000 };

    /// <summary>Bytes of the heavy customer's processing state and of its whole stored document.</summary>
    public static (int State, int Document) Heavy(FeatureFoldSettings settings)
    {
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var step = TimeSpan.FromDays(30) / HeavyEvents;
        var events = Enumerable.Range(0, HeavyEvents).Select(i => new CustomerEvent
        {
            Id = $"heavy-e{i}",
            Type = i % 25 == 0 ? EventType.Purchase : EventType.PageView,
            CustomerId = "heavy",
            Timestamp = start + step * i,
            OrderId = i % 25 == 0 ? $"heavy-o{i}" : null,
            Amount = i % 25 == 0 ? 25m : null,
            Channel = "web",
        });
        var features = CustomerFeaturesFolder.Fold("heavy", events, settings);
        features.Processing.Watermarks["customer-events/0"] = HeavyEvents;
        return Measure(features);
    }

    /// <summary>Bytes of a document's processing state and of the whole document.</summary>
    public static (int State, int Document) Measure(CustomerFeatures features)
    {
        ArgumentNullException.ThrowIfNull(features);
        var state = FeatureDocumentParts.EncodeProcessing(features.Processing).Length;
        return (state, state + FeatureDocumentParts.EncodeFeatures(features).Length);
    }
}
