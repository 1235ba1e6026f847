using SegmentFunctions.Domain.Models.Lifetime;
using SegmentFunctions.Domain.Models.Segmentation;

namespace SegmentFunctions.Domain.Training;

/// <summary>
/// Immutable per-customer feature matrix as of T: row-major <see cref="Values"/> (row i = customer
/// <see cref="CustomerIds"/>[i], column j = <see cref="ColumnNames"/>[j]). Every value is finite, checked on
/// construction, so no NaN or infinity can reach a model through a table.
/// </summary>
public sealed class TrainingTable
{
    private readonly double[] _values;
    private readonly Dictionary<string, int> _columnIndex;

    /// <exception cref="NonFiniteFeatureException">A value is NaN or infinite.</exception>
    public TrainingTable(
        DateTimeOffset asOf, LifetimeTimeUnit timeUnit, IReadOnlyList<string> customerIds, IReadOnlyList<string> columnNames, double[] values, TrainingTableReport report)
    {
        ArgumentNullException.ThrowIfNull(customerIds);
        ArgumentNullException.ThrowIfNull(columnNames);
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length != customerIds.Count * columnNames.Count)
        {
            throw new ArgumentException($"Expected {customerIds.Count} x {columnNames.Count} values, got {values.Length}.", nameof(values));
        }

        for (var k = 0; k < values.Length; k++)
        {
            if (!double.IsFinite(values[k]))
            {
                throw new NonFiniteFeatureException(customerIds[k / columnNames.Count], columnNames[k % columnNames.Count], values[k]);
            }
        }

        AsOf = asOf;
        TimeUnit = timeUnit;
        CustomerIds = customerIds;
        ColumnNames = columnNames;
        _values = values;
        Report = report;
        _columnIndex = columnNames.Select((n, j) => (n, j)).ToDictionary(p => p.n, p => p.j, StringComparer.Ordinal);
    }

    public DateTimeOffset AsOf { get; }
    /// <summary>Unit of the BG/NBD columns, needed to featurize new documents the same way.</summary>
    public LifetimeTimeUnit TimeUnit { get; }
    public IReadOnlyList<string> CustomerIds { get; }
    public IReadOnlyList<string> ColumnNames { get; }
    public TrainingTableReport Report { get; }
    public int RowCount => CustomerIds.Count;
    public int ColumnCount => ColumnNames.Count;

    /// <summary>Row-major values, e.g. for the segmentation.</summary>
    public ReadOnlySpan<double> Values => _values;

    public ReadOnlySpan<double> Row(int row) => _values.AsSpan(row * ColumnCount, ColumnCount);

    /// <summary>
    /// The table's values as a matrix without a copy, for the domain's readers of a matrix (profiling a million rows
    /// would otherwise copy them); never handed out, since a matrix's values can be written.
    /// </summary>
    internal FeatureMatrix AsMatrix() => new(_values, RowCount, ColumnCount, ColumnNames);

    /// <summary>The given columns in the given order as a new matrix: one copy, where selecting a table and copying its values would be two.</summary>
    public FeatureMatrix SelectMatrix(IReadOnlyList<string> names) => SelectMatrix(names, ..);

    /// <summary>The given columns of the given rows (e.g. one shard's rows of a snapshot's table) as a new matrix.</summary>
    public FeatureMatrix SelectMatrix(IReadOnlyList<string> names, Range rows)
    {
        ArgumentNullException.ThrowIfNull(names);
        var (first, count) = rows.GetOffsetAndLength(RowCount);
        var indices = names.Select(ColumnIndex).ToArray();
        var values = new double[count * indices.Length];
        for (var i = 0; i < count; i++)
        {
            for (var j = 0; j < indices.Length; j++)
            {
                values[i * indices.Length + j] = _values[(first + i) * ColumnCount + indices[j]];
            }
        }

        return new FeatureMatrix(values, count, indices.Length, [.. names]);
    }

    public double this[int row, int column] => _values[row * ColumnCount + column];

    public int ColumnIndex(string name) =>
        _columnIndex.TryGetValue(name, out var j) ? j : throw new KeyNotFoundException($"The table has no column '{name}'.");

    public bool HasColumn(string name) => _columnIndex.ContainsKey(name);

    public double[] Column(string name)
    {
        var j = ColumnIndex(name);
        var column = new double[RowCount];
        for (var i = 0; i < RowCount; i++)
        {
            column[i] = _values[i * ColumnCount + j];
        }

        return column;
    }

    /// <summary>The same rows with the given columns in the given order (e.g. a trained model's columns).</summary>
    public TrainingTable SelectColumns(IReadOnlyList<string> names)
    {
        var indices = names.Select(ColumnIndex).ToArray();
        var values = new double[RowCount * indices.Length];
        for (var i = 0; i < RowCount; i++)
        {
            for (var j = 0; j < indices.Length; j++)
            {
                values[i * indices.Length + j] = _values[i * ColumnCount + indices[j]];
            }
        }

        return new TrainingTable(AsOf, TimeUnit, CustomerIds, [.. names], values, Report);
    }

    /// <summary>The given rows, in the given order (e.g. a train/test split).</summary>
    public TrainingTable SelectRows(IReadOnlyList<int> rows)
    {
        var values = new double[rows.Count * ColumnCount];
        var ids = new string[rows.Count];
        for (var k = 0; k < rows.Count; k++)
        {
            ids[k] = CustomerIds[rows[k]];
            Row(rows[k]).CopyTo(values.AsSpan(k * ColumnCount, ColumnCount));
        }

        return new TrainingTable(AsOf, TimeUnit, ids, ColumnNames, values, Report);
    }
}
