using System.Text.Json;
using System.Text.Json.Serialization;

namespace SegmentFunctions.Retraining;

/// <summary>The retraining endpoints' own JSON (the run status itself is the engine's document and context).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(RetrainRunMessage))]
[JsonSerializable(typeof(RetrainCheckStatus))]
[JsonSerializable(typeof(RetrainStartRequest))]
public sealed partial class RetrainingJsonContext : JsonSerializerContext;
