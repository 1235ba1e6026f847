namespace SegmentFunctions.Invocation;

/// <summary>The invocation envelope (not an event inside it) cannot be read.</summary>
public sealed class MalformedInvocationException(string message, Exception? inner = null) : Exception(message, inner);
