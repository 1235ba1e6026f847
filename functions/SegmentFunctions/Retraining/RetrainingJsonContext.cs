using System.Text.Json;
using System.Text.Json.Serialization;

namespace SegmentFunctions.Retraining;

/// <summary>The retraining functions' own JSON (the run status is the runs' document and context).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(RetrainCheckStatus))]
[JsonSerializable(typeof(RetrainStartRequest))]
public sealed partial class RetrainingJsonContext : JsonSerializerContext;
