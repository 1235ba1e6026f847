using System.Text.Json;
using System.Text.Json.Serialization;
using SegmentFunctions.Application.DeadLetters;

namespace SegmentFunctions.DeadLetters;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(DeadLetterCounts))]
public sealed partial class DeadLetterJsonContext : JsonSerializerContext;
