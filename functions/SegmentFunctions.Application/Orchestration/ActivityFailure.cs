namespace SegmentFunctions.Application.Orchestration;

/// <summary>A journaled permanent activity failure, replayed as <see cref="ActivityFailedException"/>.</summary>
public sealed record ActivityFailure(string ErrorType, string Message);
