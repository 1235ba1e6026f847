namespace SegmentFunctions.Application.Tests.Orchestration;

public sealed record PipelineInput(int Seed, int FanOut);
