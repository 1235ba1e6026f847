namespace SegmentFunctions.Application.Tests.Orchestration;

/// <summary>Stands for the worker process dying: nothing it does afterwards reaches storage.</summary>
public sealed class ProcessDiedException() : Exception("The worker process died (injected crash).");
