namespace SegmentFunctions.Domain.Models.Segmentation;

/// <summary>
/// What <see cref="FeatureScaler"/> needs of a set of rows, per column: the row count, the mean and the sum of squared
/// deviations of the values it standardizes (after log1p on the skewed columns), and the first row's value (named
/// when a constant column is dropped). The moments of shards of one table combine exactly in real arithmetic
/// (<see cref="Combine(ColumnMoments, ColumnMoments)"/>), so a scaler fitted on the combined moments of shards read
/// apart is the scaler of the whole table, up to rounding.
/// </summary>
public sealed record ColumnMoments(
    IReadOnlyList<string> ColumnNames, IReadOnlyList<bool> Log, long Rows, IReadOnlyList<double> Means, IReadOnlyList<double> SquaredDeviations,
    IReadOnlyList<double> FirstValues)
{
    /// <summary>The moments of <paramref name="data"/>'s columns, two-pass per column (stable for a large offset).</summary>
    /// <param name="data">Features in original units; NaN or infinity raises an <see cref="ArgumentException"/>.</param>
    /// <param name="logColumns">Names of columns to log1p; null uses <see cref="FeatureNames.Skewed"/>.</param>
    /// <exception cref="ArgumentException">A value is not finite, or a log1p column has a negative value.</exception>
    public static ColumnMoments Of(FeatureMatrix data, IReadOnlySet<string>? logColumns = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        data.EnsureFinite(nameof(data));
        logColumns ??= FeatureNames.Skewed;
        var log = new bool[data.Columns];
        var means = new double[data.Columns];
        var deviations = new double[data.Columns];
        var first = new double[data.Columns];
        var column = new double[data.Rows];
        for (var c = 0; c < data.Columns; c++)
        {
            var name = data.ColumnNames[c];
            log[c] = logColumns.Contains(name);
            for (var r = 0; r < data.Rows; r++)
            {
                var value = data[r, c];
                if (log[c] && value < 0)
                {
                    throw new ArgumentException(
                        $"Column '{name}' is flagged for log1p but row {r} has the negative value {value}.",
                        nameof(data));
                }

                column[r] = log[c] ? Math.Log(1 + value) : value;
            }

            if (data.Rows == 0)
            {
                continue;
            }

            var mean = column.Average();
            var sumSquares = 0.0;
            foreach (var value in column)
            {
                sumSquares += (value - mean) * (value - mean);
            }

            means[c] = mean;
            deviations[c] = sumSquares;
            first[c] = data[0, c];
        }

        return new ColumnMoments([.. data.ColumnNames], log, data.Rows, means, deviations, first);
    }

    /// <summary>
    /// The moments of the union of two shards' rows (Chan, Golub &amp; LeVeque 1979): n = n_a + n_b, δ = x̄_b − x̄_a,
    /// x̄ = x̄_a + δ n_b / n, M2 = M2_a + M2_b + δ² n_a n_b / n. The first value is <paramref name="a"/>'s unless it has no rows.
    /// </summary>
    /// <exception cref="ArgumentException">The shards have other columns or log flags.</exception>
    public static ColumnMoments Combine(ColumnMoments a, ColumnMoments b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (!a.ColumnNames.SequenceEqual(b.ColumnNames, StringComparer.Ordinal) || !a.Log.SequenceEqual(b.Log))
        {
            throw new ArgumentException($"Moments of [{string.Join(", ", a.ColumnNames)}] and [{string.Join(", ", b.ColumnNames)}] do not combine.");
        }

        if (a.Rows == 0 || b.Rows == 0)
        {
            return a.Rows == 0 ? b : a;
        }

        var n = a.Rows + b.Rows;
        var means = new double[a.Means.Count];
        var deviations = new double[a.Means.Count];
        for (var c = 0; c < means.Length; c++)
        {
            var delta = b.Means[c] - a.Means[c];
            means[c] = a.Means[c] + delta * ((double)b.Rows / n);
            deviations[c] = a.SquaredDeviations[c] + b.SquaredDeviations[c] + delta * delta * ((double)a.Rows * b.Rows / n);
        }

        return new ColumnMoments(a.ColumnNames, a.Log, n, means, deviations, a.FirstValues);
    }

    /// <summary>The moments of all the shards' rows, combined in order.</summary>
    public static ColumnMoments Combine(IEnumerable<ColumnMoments> shards)
    {
        ArgumentNullException.ThrowIfNull(shards);
        ColumnMoments? total = null;
        foreach (var shard in shards)
        {
            total = total is null ? shard : Combine(total, shard);
        }

        return total ?? throw new ArgumentException("There are no column moments to combine.", nameof(shards));
    }

    /// <summary>The same moments of the given columns, in the given order.</summary>
    /// <exception cref="KeyNotFoundException">A column is not among <see cref="ColumnNames"/>.</exception>
    public ColumnMoments Select(IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var c = 0; c < ColumnNames.Count; c++)
        {
            positions[ColumnNames[c]] = c;
        }

        var index = names.Select(name => positions.TryGetValue(name, out var c) ? c : throw new KeyNotFoundException($"No moments of column '{name}'.")).ToArray();
        return new ColumnMoments(
            [.. names], [.. index.Select(i => Log[i])], Rows, [.. index.Select(i => Means[i])], [.. index.Select(i => SquaredDeviations[i])],
            [.. index.Select(i => FirstValues[i])]);
    }
}
