using System.Numerics.Tensors;

namespace SegmentFunctions.Domain.Models.Segmentation;

/// <summary>
/// The VB E-step (PRML 10.46-10.49) fused with the sufficient statistics of the following M-step (10.51-10.53).
/// <see cref="Run"/> is the fast path; <see cref="RunReference"/> is the plain scalar definition it is tested against.
/// </summary>
internal static class VariationalEStep
{
    /// <summary>Rows per block: a block's transposed features and log-ρ stay in the L1/L2 cache.</summary>
    internal const int BlockRows = 256;

    /// <summary>
    /// Rows are cut into a fixed number of contiguous partitions, each with its own accumulator, summed in order:
    /// the result does not depend on thread scheduling or core count.
    /// </summary>
    private const int MaxPartitions = 64;

    public static SufficientStatistics Run(
        FeatureMatrix data, EStepParameters parameters, double[]? responsibilities = null,
        CancellationToken cancellationToken = default)
    {
        var n = data.Rows;
        var blocks = (n + BlockRows - 1) / BlockRows;
        var partitions = Math.Max(1, Math.Min(MaxPartitions, blocks));
        var partials = new SufficientStatistics[partitions];
        Parallel.For(
            0,
            partitions,
            new ParallelOptions { CancellationToken = cancellationToken },
            () => new BlockWorkspace(parameters.Components, parameters.Dimension),
            (partition, _, workspace) =>
            {
                var stats = new SufficientStatistics(parameters.Components, parameters.Dimension);
                var firstBlock = (int)((long)blocks * partition / partitions);
                var endBlock = (int)((long)blocks * (partition + 1) / partitions);
                for (var block = firstBlock; block < endBlock; block++)
                {
                    var start = block * BlockRows;
                    ProcessBlock(data, parameters, start, Math.Min(BlockRows, n - start), workspace, stats, responsibilities);
                }

                partials[partition] = stats;
                return workspace;
            },
            _ => { });

        var total = new SufficientStatistics(parameters.Components, parameters.Dimension);
        foreach (var partial in partials)
        {
            total.Add(partial);
        }

        total.Symmetrize();
        return total;
    }

    private static void ProcessBlock(
        FeatureMatrix data, EStepParameters p, int start, int rows, BlockWorkspace w, SufficientStatistics stats,
        double[]? responsibilities)
    {
        var d = p.Dimension;
        var k = p.Components;
        var columns = w.Columns.AsSpan(0, d * BlockRows);
        var values = data.Values.AsSpan(start * d, rows * d);
        for (var r = 0; r < rows; r++)
        {
            for (var i = 0; i < d; i++)
            {
                columns[i * BlockRows + r] = values[r * d + i];
            }
        }

        var y = w.Y.AsSpan(0, rows);
        var maxLog = w.Max.AsSpan(0, rows);
        var sum = w.Sum.AsSpan(0, rows);
        for (var c = 0; c < k; c++)
        {
            var factor = p.Factors.AsSpan(c * d * d, d * d);
            var quadratic = w.LogRho.AsSpan(c * BlockRows, rows);
            quadratic.Clear();
            for (var j = 0; j < d; j++)
            {
                // y = A_k[j, 0..j] · x - a_kj for every row of the block at once.
                y.Fill(-p.Offsets[c * d + j]);
                for (var i = 0; i <= j; i++)
                {
                    TensorPrimitives.MultiplyAdd(Column(columns, i, rows), factor[j * d + i], y, y);
                }

                TensorPrimitives.MultiplyAdd(y, y, quadratic, quadratic);
            }

            TensorPrimitives.Multiply(quadratic, -0.5, quadratic);
            TensorPrimitives.Add(quadratic, p.Constants[c], quadratic);
            if (c == 0)
            {
                quadratic.CopyTo(maxLog);
            }
            else
            {
                TensorPrimitives.Max(maxLog, quadratic, maxLog);
            }
        }

        // Log-sum-exp per row: r_nk = exp(ln ρ_nk - max) / Σ_j exp(ln ρ_nj - max).
        sum.Clear();
        for (var c = 0; c < k; c++)
        {
            var logRho = w.LogRho.AsSpan(c * BlockRows, rows);
            var r = w.Resp.AsSpan(c * BlockRows, rows);
            TensorPrimitives.Subtract(logRho, maxLog, r);
            TensorPrimitives.Exp(r, r);
            TensorPrimitives.Add(sum, r, sum);
        }

        TensorPrimitives.Reciprocal(sum, w.Inverse.AsSpan(0, rows));
        TensorPrimitives.Log(sum, sum);
        TensorPrimitives.Add(sum, maxLog, sum);
        var logNormalizer = TensorPrimitives.Sum(sum);
        stats.LogNormalizerSum += logNormalizer;
        var entropyTerm = -logNormalizer;
        var inverse = w.Inverse.AsSpan(0, rows);
        var weighted = w.Y.AsSpan(0, rows);
        for (var c = 0; c < k; c++)
        {
            var r = w.Resp.AsSpan(c * BlockRows, rows);
            TensorPrimitives.Multiply(r, inverse, r);
            entropyTerm += TensorPrimitives.Dot(r, w.LogRho.AsSpan(c * BlockRows, rows));
            stats.Counts[c] += TensorPrimitives.Sum(r);
            var second = stats.SecondMoments.AsSpan(c * d * d, d * d);
            for (var i = 0; i < d; i++)
            {
                var xi = Column(columns, i, rows);
                TensorPrimitives.Multiply(r, xi, weighted);
                stats.Sums[c * d + i] += TensorPrimitives.Sum(weighted);
                for (var j = i; j < d; j++)
                {
                    second[i * d + j] += TensorPrimitives.Dot(weighted, Column(columns, j, rows));
                }
            }

            if (responsibilities is not null)
            {
                for (var row = 0; row < rows; row++)
                {
                    responsibilities[(start + row) * k + c] = r[row];
                }
            }
        }

        stats.ResponsibilityEntropyTerm += entropyTerm;
    }

    private static ReadOnlySpan<double> Column(Span<double> columns, int i, int rows) =>
        columns.Slice(i * BlockRows, rows);

    /// <summary>
    /// The E-step written straight from PRML 10.46-10.49 and 10.51-10.53, one row and one component at a time.
    /// </summary>
    public static SufficientStatistics RunReference(FeatureMatrix data, EStepParameters p, double[]? responsibilities = null)
    {
        var d = p.Dimension;
        var k = p.Components;
        var stats = new SufficientStatistics(k, d);
        var logRho = new double[k];
        var difference = new double[d];
        for (var n = 0; n < data.Rows; n++)
        {
            var x = data.Row(n);
            var max = double.NegativeInfinity;
            for (var c = 0; c < k; c++)
            {
                for (var i = 0; i < d; i++)
                {
                    difference[i] = x[i] - p.Means[c * d + i];
                }

                var quadratic = DenseCholesky.LowerQuadratic(p.Factors.AsSpan(c * d * d, d * d), difference, d);
                logRho[c] = p.Constants[c] - 0.5 * quadratic;
                max = Math.Max(max, logRho[c]);
            }

            var sum = 0.0;
            for (var c = 0; c < k; c++)
            {
                sum += Math.Exp(logRho[c] - max);
            }

            var logNormalizer = max + Math.Log(sum);
            stats.LogNormalizerSum += logNormalizer;
            for (var c = 0; c < k; c++)
            {
                var r = Math.Exp(logRho[c] - logNormalizer);
                if (r > 0)
                {
                    stats.ResponsibilityEntropyTerm += r * (logRho[c] - logNormalizer);
                }

                if (responsibilities is not null)
                {
                    responsibilities[n * k + c] = r;
                }

                stats.Counts[c] += r;
                for (var i = 0; i < d; i++)
                {
                    stats.Sums[c * d + i] += r * x[i];
                    for (var j = 0; j < d; j++)
                    {
                        stats.SecondMoments[(c * d + i) * d + j] += r * x[i] * x[j];
                    }
                }
            }
        }

        return stats;
    }

    private sealed class BlockWorkspace(int components, int dimension)
    {
        public double[] Columns { get; } = new double[dimension * BlockRows];
        public double[] LogRho { get; } = new double[components * BlockRows];
        public double[] Resp { get; } = new double[components * BlockRows];
        public double[] Y { get; } = new double[BlockRows];
        public double[] Max { get; } = new double[BlockRows];
        public double[] Sum { get; } = new double[BlockRows];
        public double[] Inverse { get; } = new double[BlockRows];
    }
}
