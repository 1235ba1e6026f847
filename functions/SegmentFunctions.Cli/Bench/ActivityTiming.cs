namespace SegmentFunctions.Cli.Bench;

/// <summary>One execution of a retraining activity, in wall-clock time.</summary>
internal sealed record ActivityTiming(string Name, DateTimeOffset StartedTime, DateTimeOffset CompletedTime)
{
    /// <summary>Whether the two ran at the same time for a while.</summary>
    public bool Overlaps(ActivityTiming other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return StartedTime < other.CompletedTime && other.StartedTime < CompletedTime;
    }
}
