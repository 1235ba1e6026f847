using FsCheck.Xunit;
using SegmentFunctions.Domain.Models.Segmentation;

namespace SegmentFunctions.Domain.Tests.Segmentation;

public sealed class HungarianAlgorithmTests
{
    [Property(MaxTest = 300)]
    public bool Total_cost_equals_brute_force_on_random_small_matrices(int seed, byte rowsSeed, byte columnsSeed)
    {
        var random = new Random(seed);
        var rows = 1 + rowsSeed % 6;
        var columns = 1 + columnsSeed % 6;
        var cost = new double[rows, columns];
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < columns; j++)
            {
                // Small integers make ties common, which is where assignment bugs hide.
                cost[i, j] = random.Next(-5, 10) + (seed % 3 == 0 ? random.NextDouble() : 0);
            }
        }

        var assignment = HungarianAlgorithm.Solve(cost);

        var assigned = assignment.Where(j => j >= 0).ToArray();
        var valid = assignment.Length == rows
            && assigned.Length == Math.Min(rows, columns)
            && assigned.Distinct().Count() == assigned.Length;
        var total = assignment.Select((j, i) => j >= 0 ? cost[i, j] : 0).Sum();
        return valid && Math.Abs(total - BruteForce(cost, 0, new bool[columns], rows, columns)) < 1e-9;
    }

    [Fact]
    public void Solves_a_known_three_by_three_problem()
    {
        var cost = new double[,] { { 4, 1, 3 }, { 2, 0, 5 }, { 3, 2, 2 } };

        Assert.Equal([1, 0, 2], HungarianAlgorithm.Solve(cost));
    }

    [Fact]
    public void Rejects_non_finite_costs()
    {
        Assert.Throws<ArgumentException>(() => HungarianAlgorithm.Solve(new double[,] { { double.NaN } }));
    }

    /// <summary>Minimum over all ways to give min(rows, columns) rows distinct columns.</summary>
    private static double BruteForce(double[,] cost, int row, bool[] used, int rows, int columns)
    {
        if (row == rows)
        {
            return 0;
        }

        var remainingRows = rows - row;
        var freeColumns = used.Count(u => !u);
        // A row may stay unassigned only while more rows than free columns remain.
        var best = remainingRows > freeColumns ? BruteForce(cost, row + 1, used, rows, columns) : double.PositiveInfinity;
        for (var j = 0; j < columns; j++)
        {
            if (!used[j])
            {
                used[j] = true;
                best = Math.Min(best, cost[row, j] + BruteForce(cost, row + 1, used, rows, columns));
                used[j] = false;
            }
        }

        return best;
    }
}
