using SegmentFunctions.Domain.Features;
using SegmentFunctions.Domain.Models.Lifetime;
using SegmentFunctions.Domain.Training;

namespace SegmentFunctions.Application.Snapshots;

/// <summary>
/// A row group's training rows as the columns a snapshot stores them in (<see cref="FeatureSnapshotSchema.RowStatus"/>,
/// <see cref="FeatureSnapshotSchema.RowValues"/>): a status per document and, per feature, a value or null where the
/// document has no row. The writer fills them from the documents it writes; the reader reads them back.
/// </summary>
internal sealed class SnapshotRowColumns
{
    public SnapshotRowColumns(int capacity)
    {
        Status = new int[capacity];
        Values = [.. FeatureSnapshotSchema.RowValues.Select(_ => new double?[capacity])];
    }

    /// <summary><see cref="SnapshotRowStatus"/> of each document.</summary>
    public int[] Status { get; private set; }

    /// <summary>One array per column of <see cref="Domain.Models.FeatureNames.All"/>, indexed by document.</summary>
    public double?[][] Values { get; }

    public int Capacity => Status.Length;

    /// <summary>Room for at least <paramref name="capacity"/> documents; the values held are lost when it grows.</summary>
    public void EnsureCapacity(int capacity)
    {
        if (Capacity >= capacity)
        {
            return;
        }

        Status = new int[capacity];
        for (var j = 0; j < Values.Length; j++)
        {
            Values[j] = new double?[capacity];
        }
    }

    /// <summary>
    /// Sets document <paramref name="i"/>'s row as of <paramref name="asOf"/>, as the documents would be featurized for
    /// training (<see cref="SnapshotRowFeaturizer"/>). A row with a value that is not finite is stored as it is, so
    /// that a read of it fails naming the value as featurizing the document would; the snapshot itself is still written.
    /// </summary>
    /// <param name="row">Scratch space of <see cref="TrainingRowFeaturizer.Width"/> values.</param>
    /// <param name="imputed">Scratch space of <see cref="TrainingRowFeaturizer.Width"/> flags.</param>
    public void Set(int i, CustomerFeatures document, DateTimeOffset asOf, LifetimeTimeUnit unit, Span<double> row, Span<bool> imputed)
    {
        var status = !TrainingRowFeaturizer.IsKnownAt(document, asOf) ? SnapshotRowStatus.NotKnown
            : document.LastSeenAt > asOf ? SnapshotRowStatus.SeenAfterAsOf
            : SnapshotRowStatus.Row;
        Status[i] = (int)status;
        if (status != SnapshotRowStatus.Row)
        {
            foreach (var column in Values)
            {
                column[i] = null;
            }

            return;
        }

        try
        {
            TrainingRowFeaturizer.Featurize(document, asOf, unit, row, imputed);
        }
        catch (NonFiniteFeatureException)
        {
            // The row is complete when the check at its end throws; its reader throws the same.
        }

        for (var j = 0; j < Values.Length; j++)
        {
            Values[j][i] = row[j];
        }
    }
}
