namespace SegmentFunctions.FunctionApp.Tests.Retraining;

public sealed record TestRetrainResult(string Trigger, string Model);
