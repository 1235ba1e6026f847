using System.Text.Json;
using System.Text.Json.Serialization;

namespace SegmentFunctions.Retraining;

/// <summary>The retraining endpoints' own JSON (the run status document has its own context, RetrainRunsJsonContext).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(RetrainCheckStatus))]
[JsonSerializable(typeof(RetrainStartRequest))]
public sealed partial class RetrainingJsonContext : JsonSerializerContext;
