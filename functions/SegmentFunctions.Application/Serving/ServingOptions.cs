namespace SegmentFunctions.Application.Serving;

/// <summary>Settings of score serving, bound from the configuration section <see cref="SectionName"/>.</summary>
public sealed class ServingOptions
{
    public const string SectionName = "Serving";

    /// <summary>Requests of a batch score call at most; a larger batch is refused (400).</summary>
    public const int MaxBatchSize = 1000;

    /// <summary>
    /// How often models/current.json is read; the bundle is downloaded only when the pointer's ETag changed, so an
    /// unchanged pointer costs one small read. A promotion serves on every instance within this time.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Feature documents read at once by one batch score call.</summary>
    public int BatchConcurrency { get; set; } = 32;

    /// <summary>Why these options cannot be used, or null when they can.</summary>
    public string? Validate() =>
        PollInterval < TimeSpan.FromMilliseconds(10) ? $"{SectionName}:{nameof(PollInterval)} must be at least 10 ms (was {PollInterval})."
        : BatchConcurrency < 1 ? $"{SectionName}:{nameof(BatchConcurrency)} must be at least 1 (was {BatchConcurrency})."
        : null;
}
