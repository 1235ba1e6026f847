namespace SegmentFunctions.Application.DeadLetters;

/// <summary>Dead letters written at or after <see cref="Since"/>: how many, and how many per reason code.</summary>
public sealed record DeadLetterCounts(DateTimeOffset Since, int Total, IReadOnlyDictionary<string, int> ByReason);
