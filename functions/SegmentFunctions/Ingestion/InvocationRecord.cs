namespace SegmentFunctions.Ingestion;

/// <summary>A malformed invocation as it is dead-lettered: the bodies and the binding data's text.</summary>
internal sealed record InvocationRecord(IReadOnlyList<string?>? Events, IReadOnlyDictionary<string, string?> BindingData);
