namespace SegmentFunctions.Application.Orchestration;

/// <summary>Engine settings, bound from the configuration section <see cref="SectionName"/>.</summary>
public sealed class OrchestrationOptions
{
    public const string SectionName = "Orchestration";

    /// <summary>The blob container holding the runs (tests give each test its own).</summary>
    public string Container { get; set; } = "runs";

    /// <summary>Default retry policy of every activity call.</summary>
    public ActivityRetryPolicy Retry { get; set; } = new();

    /// <summary>Singleton lease duration; blob leases allow 15 to 60 seconds. Renewed every third of it.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Results larger than this (UTF-8 JSON bytes) go to their own blob, referenced from the journal.</summary>
    public int LargeResultThresholdBytes { get; set; } = 256 * 1024;
}
