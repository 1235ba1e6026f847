using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

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

    /// <param name="pairEntropies">Also record <see cref="SufficientStatistics.PairEntropies"/>, for merge moves.</param>
    public static SufficientStatistics Run(
        FeatureMatrix data, EStepParameters parameters, double[]? responsibilities = null, bool pairEntropies = false,
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
                var stats = new SufficientStatistics(parameters.Components, parameters.Dimension, pairEntropies);
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

        var total = new SufficientStatistics(parameters.Components, parameters.Dimension, pairEntropies);
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

        var maxLog = w.Max.AsSpan(0, rows);
        var sum = w.Sum.AsSpan(0, rows);
        var padded = (rows + Vector<double>.Count - 1) / Vector<double>.Count * Vector<double>.Count;
        LogDensities(p, w, padded);
        w.LogRho.AsSpan(0, rows).CopyTo(maxLog);
        for (var c = 1; c < k; c++)
        {
            TensorPrimitives.Max(maxLog, w.LogRho.AsSpan(c * BlockRows, rows), maxLog);
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
        for (var c = 0; c < k; c++)
        {
            var r = w.Resp.AsSpan(c * BlockRows, padded);
            TensorPrimitives.Multiply(r[..rows], inverse, r[..rows]);
            r[rows..].Clear();
            entropyTerm += TensorPrimitives.Dot(r[..rows], w.LogRho.AsSpan(c * BlockRows, rows));
            stats.Counts[c] += TensorPrimitives.Sum(r[..rows]);
            WeightedMoments(w, r, c, padded, stats);
            if (responsibilities is not null)
            {
                for (var row = 0; row < rows; row++)
                {
                    responsibilities[(start + row) * k + c] = r[row];
                }
            }
        }

        stats.ResponsibilityEntropyTerm += entropyTerm;
        if (stats.PairEntropies is { } pairs)
        {
            AddPairEntropies(w, rows, k, pairs);
        }
    }

    /// <summary>
    /// Σ r ln r of each component (r_nk ln r_nk = r_nk (ln ρ_nk - ln Σ_j ρ_nj)) and Σ s ln s of each merged pair
    /// s = r_na + r_nb; a zero s is raised to the smallest double, so that 0 ln 0 counts as 0.
    /// </summary>
    private static void AddPairEntropies(BlockWorkspace w, int rows, int k, double[] pairs)
    {
        var logNormalizer = w.Sum.AsSpan(0, rows);
        var merged = w.Merged.AsSpan(0, rows);
        var logMerged = w.LogMerged.AsSpan(0, rows);
        for (var a = 0; a < k; a++)
        {
            var ra = w.Resp.AsSpan(a * BlockRows, rows);
            pairs[a * k + a] += TensorPrimitives.Dot(ra, w.LogRho.AsSpan(a * BlockRows, rows)) - TensorPrimitives.Dot(ra, logNormalizer);
            for (var b = a + 1; b < k; b++)
            {
                TensorPrimitives.Add(ra, w.Resp.AsSpan(b * BlockRows, rows), merged);
                TensorPrimitives.Max(merged, double.Epsilon, logMerged);
                TensorPrimitives.Log(logMerged, logMerged);
                pairs[a * k + b] += TensorPrimitives.Dot(merged, logMerged);
            }
        }
    }

    /// <summary>
    /// ln ρ_nk = Constants_k - ½ ‖A_k x_n - a_k‖² for the block, a SIMD vector of rows at a time: y_j and the running
    /// sum of squares stay in registers, where a span-wise axpy per (j, i) would store and reload y d(d+1)/2 times.
    /// </summary>
    private static void LogDensities(EStepParameters p, BlockWorkspace w, int padded)
    {
        var d = p.Dimension;
        var columns = MemoryMarshal.Cast<double, Vector<double>>(w.Columns.AsSpan(0, d * BlockRows));
        var logRho = MemoryMarshal.Cast<double, Vector<double>>(w.LogRho.AsSpan());
        var stride = BlockRows / Vector<double>.Count;
        var half = new Vector<double>(-0.5);
        for (var v = 0; v < padded / Vector<double>.Count; v++)
        {
            for (var c = 0; c < p.Components; c++)
            {
                var factor = p.Factors.AsSpan(c * d * d, d * d);
                var offsets = p.Offsets.AsSpan(c * d, d);
                var quadratic = Vector<double>.Zero;
                for (var j = 0; j < d; j++)
                {
                    var y = new Vector<double>(-offsets[j]);
                    for (var i = 0; i <= j; i++)
                    {
                        y = Vector.FusedMultiplyAdd(columns[i * stride + v], new Vector<double>(factor[j * d + i]), y);
                    }

                    quadratic = Vector.FusedMultiplyAdd(y, y, quadratic);
                }

                logRho[c * stride + v] = Vector.FusedMultiplyAdd(quadratic, half, new Vector<double>(p.Constants[c]));
            }
        }
    }

    /// <summary>
    /// Adds Σ_n r_nk x_n and the upper triangle of Σ_n r_nk x_n x_nᵀ for component c; four second-moment entries are
    /// accumulated in registers per pass over the block. <paramref name="responsibilities"/> is zero past the last row.
    /// </summary>
    private static void WeightedMoments(
        BlockWorkspace w, ReadOnlySpan<double> responsibilities, int c, int padded, SufficientStatistics stats)
    {
        var d = stats.Dimension;
        var columns = MemoryMarshal.Cast<double, Vector<double>>(w.Columns.AsSpan(0, d * BlockRows));
        var r = MemoryMarshal.Cast<double, Vector<double>>(responsibilities);
        var stride = BlockRows / Vector<double>.Count;
        var vectors = padded / Vector<double>.Count;
        var second = stats.SecondMoments.AsSpan(c * d * d, d * d);
        for (var i = 0; i < d; i++)
        {
            var xi = columns.Slice(i * stride, vectors);
            var sum = Vector<double>.Zero;
            for (var j0 = i; j0 < d; j0 += 4)
            {
                // Past the last column the slices repeat column d-1 and their sums are discarded.
                var x0 = columns.Slice(j0 * stride, vectors);
                var x1 = columns.Slice(Math.Min(j0 + 1, d - 1) * stride, vectors);
                var x2 = columns.Slice(Math.Min(j0 + 2, d - 1) * stride, vectors);
                var x3 = columns.Slice(Math.Min(j0 + 3, d - 1) * stride, vectors);
                Vector<double> a0 = default, a1 = default, a2 = default, a3 = default;
                for (var v = 0; v < vectors; v++)
                {
                    var weighted = r[v] * xi[v];
                    if (j0 == i)
                    {
                        sum += weighted;
                    }

                    a0 = Vector.FusedMultiplyAdd(weighted, x0[v], a0);
                    a1 = Vector.FusedMultiplyAdd(weighted, x1[v], a1);
                    a2 = Vector.FusedMultiplyAdd(weighted, x2[v], a2);
                    a3 = Vector.FusedMultiplyAdd(weighted, x3[v], a3);
                }

                second[i * d + j0] += Vector.Sum(a0);
                if (j0 + 1 < d)
                {
                    second[i * d + j0 + 1] += Vector.Sum(a1);
                }

                if (j0 + 2 < d)
                {
                    second[i * d + j0 + 2] += Vector.Sum(a2);
                }

                if (j0 + 3 < d)
                {
                    second[i * d + j0 + 3] += Vector.Sum(a3);
                }
            }

            stats.Sums[c * d + i] += Vector.Sum(sum);
        }
    }

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
        public double[] Max { get; } = new double[BlockRows];
        public double[] Sum { get; } = new double[BlockRows];
        public double[] Inverse { get; } = new double[BlockRows];
        public double[] Merged { get; } = new double[BlockRows];
        public double[] LogMerged { get; } = new double[BlockRows];
    }
}
