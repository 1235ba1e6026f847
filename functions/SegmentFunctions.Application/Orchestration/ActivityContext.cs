namespace SegmentFunctions.Application.Orchestration;

/// <summary>Where an activity execution sits: its run, its call's sequence number and the attempt (from 1).</summary>
public sealed record ActivityContext(string RunId, string Name, int Sequence, int Attempt);
