namespace SegmentFunctions.Handler.Tests.Retraining;

public sealed record TestRetrainResult(string Trigger, string Model);
