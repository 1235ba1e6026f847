namespace SegmentFunctions.Domain.Models.Segmentation;

/// <summary>A dense row-major matrix of customer features: row r, column c is at <c>Values[r * Columns + c]</c>.</summary>
public sealed class FeatureMatrix
{
    public FeatureMatrix(double[] values, int rows, int columns, IReadOnlyList<string> columnNames)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(columnNames);
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        if ((long)rows * columns != values.Length)
        {
            throw new ArgumentException(
                $"The matrix has {values.Length} values but {rows} rows x {columns} columns = {(long)rows * columns}.",
                nameof(values));
        }

        if (columnNames.Count != columns)
        {
            throw new ArgumentException(
                $"{columnNames.Count} column names were given for {columns} columns.", nameof(columnNames));
        }

        Values = values;
        Rows = rows;
        Columns = columns;
        ColumnNames = [.. columnNames];
    }

    public double[] Values { get; }
    public int Rows { get; }
    public int Columns { get; }
    public IReadOnlyList<string> ColumnNames { get; }

    public ReadOnlySpan<double> Row(int row) => Values.AsSpan(row * Columns, Columns);

    public double this[int row, int column] => Values[row * Columns + column];

    /// <summary>Index of the named column, or -1.</summary>
    public int IndexOf(string columnName)
    {
        for (var c = 0; c < ColumnNames.Count; c++)
        {
            if (string.Equals(ColumnNames[c], columnName, StringComparison.Ordinal))
            {
                return c;
            }
        }

        return -1;
    }

    /// <summary>The same rows with the given columns in the given order.</summary>
    /// <exception cref="ArgumentException">A column is not among <see cref="ColumnNames"/>.</exception>
    public FeatureMatrix SelectColumns(IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var indices = names.Select(name => IndexOf(name) is var c and >= 0
            ? c
            : throw new ArgumentException($"Column '{name}' is not among [{string.Join(", ", ColumnNames)}].", nameof(names))).ToArray();
        var values = new double[Rows * indices.Length];
        for (var r = 0; r < Rows; r++)
        {
            for (var j = 0; j < indices.Length; j++)
            {
                values[r * indices.Length + j] = Values[r * Columns + indices[j]];
            }
        }

        return new FeatureMatrix(values, Rows, indices.Length, [.. names]);
    }

    /// <summary>The rows of several matrices with the same columns, one after the other.</summary>
    /// <exception cref="ArgumentException">No matrices, or their columns differ.</exception>
    public static FeatureMatrix Concatenate(IReadOnlyList<FeatureMatrix> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Count == 0 || parts.Any(p => !p.ColumnNames.SequenceEqual(parts[0].ColumnNames, StringComparer.Ordinal)))
        {
            throw new ArgumentException("Matrices to concatenate must be at least one and have the same columns.", nameof(parts));
        }

        if (parts.Count == 1)
        {
            return parts[0];
        }

        var values = new double[parts.Sum(p => p.Values.Length)];
        var offset = 0;
        foreach (var part in parts)
        {
            part.Values.CopyTo(values, offset);
            offset += part.Values.Length;
        }

        return new FeatureMatrix(values, parts.Sum(p => p.Rows), parts[0].Columns, parts[0].ColumnNames);
    }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first NaN or infinite cell.</summary>
    public void EnsureFinite(string parameterName)
    {
        for (var i = 0; i < Values.Length; i++)
        {
            if (!double.IsFinite(Values[i]))
            {
                var row = i / Columns;
                var column = i % Columns;
                throw new ArgumentException(
                    $"Feature value at row {row}, column {column} ('{ColumnNames[column]}') is {Values[i]}; " +
                    "impute missing or infinite values before segmentation.",
                    parameterName);
            }
        }
    }
}
