namespace SegmentFunctions.Domain.Models.Segmentation;

/// <summary>
/// A fitted scaler: for each kept input column, optional log1p then (x - mean) / std. Columns constant in the
/// training data are dropped; <see cref="Warnings"/> lists them.
/// </summary>
public sealed class FeatureScalerModel
{
    private readonly int[] _sourceColumns;
    private readonly bool[] _log;
    private readonly double[] _means;
    private readonly double[] _stds;

    internal FeatureScalerModel(
        IReadOnlyList<string> inputColumns, int[] sourceColumns, bool[] log, double[] means, double[] stds,
        IReadOnlyList<string> warnings)
    {
        InputColumns = [.. inputColumns];
        _sourceColumns = sourceColumns;
        _log = log;
        _means = means;
        _stds = stds;
        OutputColumns = [.. sourceColumns.Select(c => inputColumns[c])];
        Warnings = [.. warnings];
    }

    public IReadOnlyList<string> InputColumns { get; }

    /// <summary>Names of the standardized columns, in output order (the input order without dropped columns).</summary>
    public IReadOnlyList<string> OutputColumns { get; }

    public IReadOnlyList<string> Warnings { get; }

    public IReadOnlyList<double> Means => _means;
    public IReadOnlyList<double> StandardDeviations => _stds;
    public bool IsLogTransformed(int outputColumn) => _log[outputColumn];

    public FeatureMatrix Transform(FeatureMatrix input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!input.ColumnNames.SequenceEqual(InputColumns, StringComparer.Ordinal))
        {
            throw new ArgumentException(
                $"Expected columns [{string.Join(", ", InputColumns)}] but got [{string.Join(", ", input.ColumnNames)}].",
                nameof(input));
        }

        input.EnsureFinite(nameof(input));
        var d = _sourceColumns.Length;
        var output = new double[input.Rows * d];
        for (var r = 0; r < input.Rows; r++)
        {
            var row = input.Row(r);
            for (var j = 0; j < d; j++)
            {
                var source = _sourceColumns[j];
                var value = row[source];
                if (_log[j])
                {
                    if (value < 0)
                    {
                        throw new ArgumentException(
                            $"Column '{InputColumns[source]}' is log-transformed but row {r} has {value} < 0.",
                            nameof(input));
                    }

                    value = Math.Log(1 + value);
                }

                output[r * d + j] = (value - _means[j]) / _stds[j];
            }
        }

        return new FeatureMatrix(output, input.Rows, d, OutputColumns);
    }

    /// <summary>
    /// Standardizes one row of <see cref="InputColumns"/> into <paramref name="output"/> (one value per output column)
    /// without allocating: the per-customer path of scoring.
    /// </summary>
    /// <exception cref="ArgumentException">A span has the wrong length, or a log-transformed value is negative.</exception>
    public void TransformRow(ReadOnlySpan<double> input, Span<double> output)
    {
        if (input.Length != InputColumns.Count || output.Length != _sourceColumns.Length)
        {
            throw new ArgumentException(
                $"Expected {InputColumns.Count} inputs and room for {_sourceColumns.Length} outputs; got {input.Length} and {output.Length}.",
                nameof(input));
        }

        for (var j = 0; j < _sourceColumns.Length; j++)
        {
            var value = input[_sourceColumns[j]];
            if (_log[j])
            {
                if (value < 0)
                {
                    throw new ArgumentException($"Column '{InputColumns[_sourceColumns[j]]}' is log-transformed but is {value} < 0.", nameof(input));
                }

                value = Math.Log(1 + value);
            }

            output[j] = (value - _means[j]) / _stds[j];
        }
    }

    /// <summary>The scaler's parameters as plain data; <see cref="FromParameters"/> restores an identical scaler.</summary>
    public FeatureScalerParameters ToParameters() =>
        new([.. InputColumns], [.. _sourceColumns], [.. _log], [.. _means], [.. _stds], [.. Warnings]);

    /// <exception cref="ArgumentException">The arrays differ in length, a source column is out of range, or a deviation is not positive.</exception>
    public static FeatureScalerModel FromParameters(FeatureScalerParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var d = parameters.SourceColumns.Count;
        if (parameters.Log.Count != d || parameters.Means.Count != d || parameters.StandardDeviations.Count != d)
        {
            throw new ArgumentException($"Scaler arrays must all have {d} entries.", nameof(parameters));
        }

        if (parameters.SourceColumns.Any(c => c < 0 || c >= parameters.InputColumns.Count)
            || parameters.StandardDeviations.Any(s => !(s > 0) || !double.IsFinite(s))
            || parameters.Means.Any(m => !double.IsFinite(m)))
        {
            throw new ArgumentException("Scaler source columns must be input columns, means finite and deviations positive.", nameof(parameters));
        }

        return new FeatureScalerModel(
            parameters.InputColumns, [.. parameters.SourceColumns], [.. parameters.Log], [.. parameters.Means],
            [.. parameters.StandardDeviations], parameters.Warnings);
    }

    /// <summary>Maps a standardized row back to original units (inverse of <see cref="Transform"/> for kept columns).</summary>
    public void InverseTransform(ReadOnlySpan<double> standardized, Span<double> original)
    {
        for (var j = 0; j < _sourceColumns.Length; j++)
        {
            var value = standardized[j] * _stds[j] + _means[j];
            original[j] = _log[j] ? Math.Exp(value) - 1 : value;
        }
    }
}
