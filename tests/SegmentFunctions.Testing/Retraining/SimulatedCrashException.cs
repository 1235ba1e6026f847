namespace SegmentFunctions.Testing.Retraining;

/// <summary>Thrown by every operation of a <see cref="DyingBlobStore"/> once its process has "died".</summary>
public sealed class SimulatedCrashException() : Exception("The worker process died (injected).");
