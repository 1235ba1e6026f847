namespace SegmentFunctions.Application.Retraining.Runs;

/// <summary>Why a run failed: the step (the activity that failed, or the step the run reported last) and the error.</summary>
public sealed record RetrainRunFailure(string Step, string ErrorType, string Message);
