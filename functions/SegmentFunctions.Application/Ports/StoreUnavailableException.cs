namespace SegmentFunctions.Application.Ports;

/// <summary>
/// A store stayed unavailable (throttling, 503, timeouts) after the adapter's bounded retries. Callers fail the
/// invocation so the Functions host replays it; nothing is lost.
/// </summary>
public sealed class StoreUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
