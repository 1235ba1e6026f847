namespace SegmentFunctions.Domain.Models.Segmentation;

/// <summary>
/// Minimum-cost assignment (Kuhn 1955, Munkres 1957) in O(n³) with row/column potentials and shortest augmenting
/// paths. Rectangular costs are padded to a square with zero-cost dummy rows or columns.
/// </summary>
public static class HungarianAlgorithm
{
    /// <summary>For each row, the assigned column, or -1 when there are more rows than columns and the row is left over.</summary>
    public static int[] Solve(double[,] cost)
    {
        ArgumentNullException.ThrowIfNull(cost);
        var rows = cost.GetLength(0);
        var columns = cost.GetLength(1);
        var n = Math.Max(rows, columns);
        if (n == 0)
        {
            return [];
        }

        foreach (var value in cost)
        {
            if (!double.IsFinite(value))
            {
                throw new ArgumentException("Assignment costs must be finite.", nameof(cost));
            }
        }

        // 1-based arrays: u, v are potentials, p[j] is the row matched to column j, way[j] the previous column on the path.
        var u = new double[n + 1];
        var v = new double[n + 1];
        var p = new int[n + 1];
        var way = new int[n + 1];
        var minimum = new double[n + 1];
        var used = new bool[n + 1];
        for (var i = 1; i <= n; i++)
        {
            p[0] = i;
            var j0 = 0;
            Array.Fill(minimum, double.PositiveInfinity);
            Array.Clear(used);
            do
            {
                used[j0] = true;
                var i0 = p[j0];
                var delta = double.PositiveInfinity;
                var j1 = 0;
                for (var j = 1; j <= n; j++)
                {
                    if (used[j])
                    {
                        continue;
                    }

                    var reduced = Cost(cost, i0 - 1, j - 1, rows, columns) - u[i0] - v[j];
                    if (reduced < minimum[j])
                    {
                        minimum[j] = reduced;
                        way[j] = j0;
                    }

                    if (minimum[j] < delta)
                    {
                        delta = minimum[j];
                        j1 = j;
                    }
                }

                for (var j = 0; j <= n; j++)
                {
                    if (used[j])
                    {
                        u[p[j]] += delta;
                        v[j] -= delta;
                    }
                    else
                    {
                        minimum[j] -= delta;
                    }
                }

                j0 = j1;
            }
            while (p[j0] != 0);

            do
            {
                var j1 = way[j0];
                p[j0] = p[j1];
                j0 = j1;
            }
            while (j0 != 0);
        }

        var assignment = new int[rows];
        Array.Fill(assignment, -1);
        for (var j = 1; j <= n; j++)
        {
            if (p[j] - 1 < rows && j - 1 < columns)
            {
                assignment[p[j] - 1] = j - 1;
            }
        }

        return assignment;
    }

    private static double Cost(double[,] cost, int row, int column, int rows, int columns) =>
        row < rows && column < columns ? cost[row, column] : 0;
}
