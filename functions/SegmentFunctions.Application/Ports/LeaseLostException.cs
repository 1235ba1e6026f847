namespace SegmentFunctions.Application.Ports;

public sealed class LeaseLostException(string path) : Exception($"The lease on '{path}' was lost.");
