namespace SegmentFunctions.Ingestion;

/// <summary>The invocation itself (not an event inside it) cannot be made into a batch.</summary>
public sealed class MalformedInvocationException(string message) : Exception(message);
