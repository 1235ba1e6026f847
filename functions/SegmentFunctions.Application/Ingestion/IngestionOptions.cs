namespace SegmentFunctions.Application.Ingestion;

/// <summary>Settings of the batch featurizer, bound from the configuration section <see cref="SectionName"/>.</summary>
public sealed class IngestionOptions
{
    public const string SectionName = "Ingestion";

    /// <summary>Customers read, folded and written at once within one batch.</summary>
    public int MaxConcurrency { get; set; } = 16;

    /// <summary>
    /// Re-reads of one customer after an ETag conflict (another writer got there first) before the batch fails and
    /// the host replays it.
    /// </summary>
    public int MaxConflictRetries { get; set; } = 5;

    /// <summary>
    /// De-duplication horizon per customer in days of event time (see
    /// <see cref="Domain.Features.FeatureFoldSettings.DedupeHorizon"/>); at least the Event Hubs retention.
    /// </summary>
    public int DedupeHorizonDays { get; set; } = 7;

    /// <summary>Most dedupe keys kept per customer (see <see cref="Domain.Features.FeatureFoldSettings.MaxRecentKeys"/>).</summary>
    public int MaxRecentKeys { get; set; } = 20_000;

    /// <summary>
    /// Failures in a row of one batch with the same exception type (not a transient store failure) after which
    /// <see cref="PoisonBatchGuard"/> dead-letters the whole batch so that its partition moves on.
    /// </summary>
    public int MaxBatchFailures { get; set; } = 5;

    /// <summary>Purchase days kept per customer (see <see cref="Domain.Features.FeatureFoldSettings.MaxPurchaseDays"/>).</summary>
    public int MaxPurchaseDays { get; set; } = 1000;

    /// <summary>Categories kept per customer (see <see cref="Domain.Features.FeatureFoldSettings.MaxCategories"/>).</summary>
    public int MaxCategories { get; set; } = 32;

    /// <summary>Channels kept per customer (see <see cref="Domain.Features.FeatureFoldSettings.MaxChannels"/>).</summary>
    public int MaxChannels { get; set; } = 16;

    /// <summary>Why these options cannot be used, or null when they can.</summary>
    public string? Validate() =>
        MaxConcurrency < 1 ? $"{SectionName}:{nameof(MaxConcurrency)} must be at least 1 (was {MaxConcurrency})."
        : MaxConflictRetries < 0 ? $"{SectionName}:{nameof(MaxConflictRetries)} must not be negative (was {MaxConflictRetries})."
        : DedupeHorizonDays is < 1 or > 3650 ? $"{SectionName}:{nameof(DedupeHorizonDays)} must be between 1 and 3650 (was {DedupeHorizonDays})."
        : MaxRecentKeys < 1 ? $"{SectionName}:{nameof(MaxRecentKeys)} must be at least 1 (was {MaxRecentKeys})."
        : MaxBatchFailures < 1 ? $"{SectionName}:{nameof(MaxBatchFailures)} must be at least 1 (was {MaxBatchFailures})."
        : MaxPurchaseDays < 1 ? $"{SectionName}:{nameof(MaxPurchaseDays)} must be at least 1 (was {MaxPurchaseDays})."
        : MaxCategories < 1 ? $"{SectionName}:{nameof(MaxCategories)} must be at least 1 (was {MaxCategories})."
        : MaxChannels < 1 ? $"{SectionName}:{nameof(MaxChannels)} must be at least 1 (was {MaxChannels})."
        : null;

    internal Domain.Features.FeatureFoldSettings ToFoldSettings() => new()
    {
        DedupeHorizon = TimeSpan.FromDays(DedupeHorizonDays),
        MaxRecentKeys = MaxRecentKeys,
        MaxPurchaseDays = MaxPurchaseDays,
        MaxCategories = MaxCategories,
        MaxChannels = MaxChannels,
    };
}
