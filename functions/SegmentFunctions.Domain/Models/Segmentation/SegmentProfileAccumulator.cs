namespace SegmentFunctions.Domain.Models.Segmentation;

/// <summary>
/// Segment profiles (<see cref="SegmentProfileSet"/>) of customers whose rows are read in blocks rather than held at
/// once: a first pass over every row (<see cref="AddTotals"/>) counts the segments and sums each column per segment
/// and over the population; a second pass over the same rows (<see cref="AddSpread"/>) sums the squared deviations
/// from the population means and counts, per column, the population's values below and equal to each segment's mean,
/// which are the levels. Memory is a few numbers per segment and column, whatever the number of customers. Counts are
/// exact; sums are added in the order the rows come, so rows read in the same order give the same profiles however
/// they are cut into blocks (a snapshot read shard after shard gives the profiles of its whole table).
/// </summary>
public sealed class SegmentProfileAccumulator
{
    private readonly IReadOnlyList<string> _columnNames;
    private readonly int _segments;
    private readonly int _revenue;
    private readonly int[] _sizes;
    private readonly double[] _sums;
    private readonly double[] _populationSums;
    private readonly double[] _segmentRevenue;
    private readonly double[] _squaredDeviations;
    private double _totalRevenue;
    private long _rows;
    private long _spreadRows;
    private double[]? _means;
    private double[]? _populationMeans;
    private double[][]? _thresholds;
    private long[][]? _between;
    private long[][]? _equal;

    /// <param name="columnNames">The rows' columns, in original units (not standardized).</param>
    /// <param name="segments">Segments 0..segments-1 the rows are assigned to.</param>
    /// <param name="revenueColumn">The column summed for the revenue share.</param>
    /// <exception cref="ArgumentException">The revenue column is not among the columns.</exception>
    public SegmentProfileAccumulator(IReadOnlyList<string> columnNames, int segments, string revenueColumn = FeatureNames.Monetary)
    {
        ArgumentNullException.ThrowIfNull(columnNames);
        ArgumentOutOfRangeException.ThrowIfNegative(segments);
        _columnNames = [.. columnNames];
        _segments = segments;
        _revenue = _columnNames.ToList().IndexOf(revenueColumn);
        if (_revenue < 0)
        {
            throw new ArgumentException(
                $"Revenue column '{revenueColumn}' is not among [{string.Join(", ", columnNames)}].", nameof(revenueColumn));
        }

        var d = _columnNames.Count;
        _sizes = new int[segments];
        _sums = new double[segments * d];
        _populationSums = new double[d];
        _segmentRevenue = new double[segments];
        _squaredDeviations = new double[d];
    }

    /// <summary>First pass: the next rows and their segments.</summary>
    /// <exception cref="ArgumentException">Other columns, a count of assignments that is not the rows', a segment out of range, or a value that is not finite.</exception>
    /// <exception cref="InvalidOperationException">The second pass has begun.</exception>
    public void AddTotals(FeatureMatrix rows, ReadOnlySpan<int> assignments)
    {
        EnsureColumns(rows);
        if (_means is not null)
        {
            throw new InvalidOperationException("The totals are complete: the second pass has begun.");
        }

        if (assignments.Length != rows.Rows)
        {
            throw new ArgumentException($"{assignments.Length} assignments for {rows.Rows} customers.", nameof(assignments));
        }

        var d = rows.Columns;
        for (var r = 0; r < rows.Rows; r++)
        {
            var s = assignments[r];
            if ((uint)s >= (uint)_segments)
            {
                throw new ArgumentException($"Row {_rows + r} is assigned to segment {s}, outside 0..{_segments - 1}.", nameof(assignments));
            }

            _sizes[s]++;
            var row = rows.Row(r);
            var sums = _sums.AsSpan(s * d, d);
            for (var j = 0; j < d; j++)
            {
                sums[j] += row[j];
                _populationSums[j] += row[j];
            }

            _segmentRevenue[s] += row[_revenue];
            _totalRevenue += row[_revenue];
        }

        _rows += rows.Rows;
    }

    /// <summary>Second pass: the same rows in the same order, after every row's totals.</summary>
    /// <exception cref="ArgumentException">Other columns, or a value that is not finite.</exception>
    /// <exception cref="InvalidOperationException">There are more rows than the first pass had.</exception>
    public void AddSpread(FeatureMatrix rows)
    {
        EnsureColumns(rows);
        BeginSpread();
        if (_spreadRows + rows.Rows > _rows)
        {
            throw new InvalidOperationException($"The second pass has more rows than the first's {_rows}.");
        }

        var d = rows.Columns;
        for (var r = 0; r < rows.Rows; r++)
        {
            var row = rows.Row(r);
            for (var j = 0; j < d; j++)
            {
                var value = row[j];
                var deviation = value - _populationMeans![j];
                _squaredDeviations[j] += deviation * deviation;
                var thresholds = _thresholds![j];
                var k = Array.BinarySearch(thresholds, value);
                if (k >= 0)
                {
                    _equal![j][k]++;
                }
                else
                {
                    _between![j][~k]++;
                }
            }
        }

        _spreadRows += rows.Rows;
    }

    /// <summary>
    /// The profiles, after both passes over every row. Medians need the rows sorted, which a pass does not keep: they
    /// are the ones given, or none (empty lists) when the caller has none to give.
    /// </summary>
    /// <param name="populationMedians">The population's median of each column, or null.</param>
    /// <param name="medians">Each segment's median of each column, or null.</param>
    /// <exception cref="ArgumentException">No rows were added.</exception>
    /// <exception cref="InvalidOperationException">The second pass did not read every row.</exception>
    public SegmentProfileSet Complete(IReadOnlyList<double>? populationMedians = null, IReadOnlyList<IReadOnlyList<double>>? medians = null)
    {
        if (_rows == 0)
        {
            throw new ArgumentException("Cannot profile segments of an empty customer table.");
        }

        BeginSpread();
        if (_spreadRows != _rows)
        {
            throw new InvalidOperationException($"The second pass read {_spreadRows} of the {_rows} rows.");
        }

        var d = _columnNames.Count;
        var n = (double)_rows;
        var populationStds = new double[d];
        for (var j = 0; j < d; j++)
        {
            populationStds[j] = Math.Sqrt(_squaredDeviations[j] / n);
        }

        var profiles = new SegmentProfile[_segments];
        for (var s = 0; s < _segments; s++)
        {
            var means = _means!.AsSpan(s * d, d).ToArray();
            var standardized = new double[d];
            var levels = new double[d];
            for (var j = 0; j < d; j++)
            {
                standardized[j] = populationStds[j] > 0 ? (means[j] - _populationMeans![j]) / populationStds[j] : 0;
                levels[j] = _sizes[s] == 0 ? double.NaN : Level(j, means[j]);
            }

            profiles[s] = new SegmentProfile(
                s, _sizes[s], _sizes[s] / n, _totalRevenue == 0 ? 0 : _segmentRevenue[s] / _totalRevenue,
                means, medians?[s] ?? [], standardized, levels);
        }

        return new SegmentProfileSet(_columnNames, checked((int)_rows), _populationMeans!, populationMedians ?? [], profiles);
    }

    /// <summary>Freezes the totals into means and, per column, the distinct segment means the levels are counted against.</summary>
    private void BeginSpread()
    {
        if (_means is not null)
        {
            return;
        }

        var d = _columnNames.Count;
        _populationMeans = new double[d];
        _means = new double[_segments * d];
        _thresholds = new double[d][];
        _between = new long[d][];
        _equal = new long[d][];
        for (var j = 0; j < d; j++)
        {
            _populationMeans[j] = _rows == 0 ? 0 : _populationSums[j] / _rows;
            for (var s = 0; s < _segments; s++)
            {
                _means[s * d + j] = _sizes[s] == 0 ? double.NaN : _sums[s * d + j] / _sizes[s];
            }

            _thresholds[j] = [.. Enumerable.Range(0, _segments).Where(s => _sizes[s] > 0).Select(s => _means[s * d + j]).Distinct().Order()];
            _between[j] = new long[_thresholds[j].Length + 1];
            _equal[j] = new long[_thresholds[j].Length];
        }
    }

    /// <summary>Mid-rank of <paramref name="mean"/> (one of the column's thresholds) in the population: (#below + ½ #equal) / N.</summary>
    private double Level(int column, double mean)
    {
        var k = Array.BinarySearch(_thresholds![column], mean);
        long below = 0;
        for (var i = 0; i < k; i++)
        {
            below += _between![column][i] + _equal![column][i];
        }

        below += _between![column][k];
        return (below + 0.5 * _equal![column][k]) / _rows;
    }

    private void EnsureColumns(FeatureMatrix rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (!rows.ColumnNames.SequenceEqual(_columnNames, StringComparer.Ordinal))
        {
            throw new ArgumentException(
                $"The rows have columns [{string.Join(", ", rows.ColumnNames)}], not the profiles' [{string.Join(", ", _columnNames)}].", nameof(rows));
        }

        rows.EnsureFinite(nameof(rows));
    }
}
