using System.Text.Json.Serialization;

namespace SegmentFunctions.Application.Retraining;

/// <summary>How a completed run ended: the challenger serves now, or the champion still does (the reason says why).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RetrainOutcome>))]
public enum RetrainOutcome
{
    Published,
    KeptChampion,
}
