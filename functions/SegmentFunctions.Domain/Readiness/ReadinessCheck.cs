namespace SegmentFunctions.Domain.Readiness;

/// <summary>One check of a readiness report, with the measured value and the requirement in its message.</summary>
public sealed record ReadinessCheck(string Name, bool Passed, string Message);
