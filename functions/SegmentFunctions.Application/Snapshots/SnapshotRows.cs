using System.Text.Json.Serialization;
using SegmentFunctions.Domain.Models.Lifetime;
using SegmentFunctions.Domain.Training;

namespace SegmentFunctions.Application.Snapshots;

/// <summary>
/// What the training rows a snapshot stores beside its documents are (<see cref="FeatureSnapshotSchema"/>): rows of
/// <see cref="TrainingRowFeaturizer"/> version <see cref="FeaturizerVersion"/>, as of the snapshot's time, with time
/// columns in <see cref="TimeUnit"/>, in the Parquet columns <see cref="Columns"/>. A reader uses them in place of
/// featurizing the documents only when all three are what it would compute (<see cref="Current"/>).
/// </summary>
public sealed record SnapshotRows(
    int FeaturizerVersion,
    [property: JsonConverter(typeof(JsonStringEnumConverter<LifetimeTimeUnit>))] LifetimeTimeUnit TimeUnit,
    IReadOnlyList<string> Columns)
{
    /// <summary>The rows this code computes in <paramref name="unit"/>.</summary>
    public static SnapshotRows Current(LifetimeTimeUnit unit) =>
        new(TrainingRowFeaturizer.Version, unit, [.. FeatureSnapshotSchema.RowValues.Select(c => c.Name)]);

    /// <summary>Value equality, the columns compared element by element (a record compares a list by reference).</summary>
    public bool Equals(SnapshotRows? other) =>
        other is not null && FeaturizerVersion == other.FeaturizerVersion && TimeUnit == other.TimeUnit && Columns.SequenceEqual(other.Columns);

    public override int GetHashCode() => HashCode.Combine(FeaturizerVersion, TimeUnit, Columns.Count);
}
