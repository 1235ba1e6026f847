using System.Text.Json.Serialization;

namespace SegmentFunctions.Ingestion;

[JsonSerializable(typeof(InvocationRecord))]
internal sealed partial class BindingDataJsonContext : JsonSerializerContext;
