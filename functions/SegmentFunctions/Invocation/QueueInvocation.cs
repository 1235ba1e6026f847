using System.Text.Json;

namespace SegmentFunctions.Invocation;

/// <summary>
/// A queueTrigger invocation: the message (its text, and the text parsed when it is JSON) and the message's
/// metadata. <see cref="DequeueCount"/> counts this delivery (1 on the first).
/// </summary>
public sealed record QueueInvocation(string MessageText, JsonElement Message, string? MessageId, long? DequeueCount, DateTimeOffset? InsertionTime);
