using SegmentFunctions.Application.Training;

namespace SegmentFunctions.Application.Retraining;

/// <summary>Settings of the retraining run (section "Retraining").</summary>
public sealed class RetrainingOptions
{
    public const string SectionName = "Retraining";

    /// <summary>H: a customer churned when it has no purchase within this many days; labels need a snapshot H old.</summary>
    public int ChurnHorizonDays { get; set; } = 90;

    /// <summary>How far from T - H the cut-off snapshot may be; none within it means no churn labels (cold start).</summary>
    public TimeSpan CutoffTolerance { get; set; } = TimeSpan.FromDays(7);

    /// <summary>A scheduled run is skipped while the serving model is younger than this (a forced run is not).</summary>
    public TimeSpan MinInterval { get; set; } = TimeSpan.FromHours(20);

    /// <summary>The source name recorded in snapshot manifests; by default derived from the feature store's type.</summary>
    public string? SnapshotSource { get; set; }

    /// <summary>The blob container of the runs' records and working files (tests give each test its own).</summary>
    public string RunsContainer { get; set; } = "runs";

    /// <summary>The retry policy of the activity calls.</summary>
    public ActivityRetryOptions Retry { get; set; } = new();

    /// <summary>The model settings; <see cref="ChurnHorizonDays"/> overrides theirs.</summary>
    public ModelBundleTrainingOptions Training { get; set; } = new();

    /// <summary>The training settings the run uses: <see cref="Training"/> with the run's churn horizon.</summary>
    public ModelBundleTrainingOptions EffectiveTraining() => Training with { ChurnHorizonDays = ChurnHorizonDays };
}
