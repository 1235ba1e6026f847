namespace SegmentFunctions.Cli.Bench;

/// <summary>One execution of a retraining activity, in wall-clock time.</summary>
internal sealed record ActivityTiming(string Name, DateTimeOffset StartedTime, DateTimeOffset CompletedTime);
