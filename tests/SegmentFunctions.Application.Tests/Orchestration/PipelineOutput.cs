namespace SegmentFunctions.Application.Tests.Orchestration;

public sealed record PipelineOutput(int Doubled, int[] Squares, int Sum, DateTimeOffset AsOf);
