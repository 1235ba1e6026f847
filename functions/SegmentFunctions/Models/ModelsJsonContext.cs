using System.Text.Json;
using System.Text.Json.Serialization;

namespace SegmentFunctions.Models;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ModelList))]
[JsonSerializable(typeof(CurrentModelView))]
public sealed partial class ModelsJsonContext : JsonSerializerContext;
