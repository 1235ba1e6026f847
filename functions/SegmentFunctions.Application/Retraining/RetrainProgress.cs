namespace SegmentFunctions.Application.Retraining;

/// <summary>A run's custom status: the step it reported last (<see cref="RetrainSteps"/>) and its progress (0..1).</summary>
public sealed record RetrainProgress(string Step, double Progress);
