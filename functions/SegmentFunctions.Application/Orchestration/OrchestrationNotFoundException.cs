namespace SegmentFunctions.Application.Orchestration;

public sealed class OrchestrationNotFoundException(string message) : Exception(message);
