using SegmentFunctions.Domain.Models.Lifetime;

namespace SegmentFunctions.Domain.Training;

/// <summary>How <see cref="TrainingTableBuilder"/> builds a table.</summary>
public sealed record TrainingTableOptions
{
    public LifetimeTimeUnit TimeUnit { get; init; } = LifetimeTimeUnit.Week;
    /// <summary>Drop columns with one value in every row (they carry no information and break scalers), with a warning.</summary>
    public bool DropConstantColumns { get; init; } = true;
}
