namespace SegmentFunctions.Domain.Models.Lifetime;

/// <summary>
/// BFGS quasi-Newton minimisation (Nocedal &amp; Wright 2006, Numerical Optimization, algorithm 6.1) with an
/// analytic gradient and a backtracking Armijo line search, for the few log-parameters of the lifetime models.
/// The inverse-Hessian update is skipped when the curvature condition sᵀy &gt; 0 fails, so the search direction stays
/// a descent direction; the whole procedure is deterministic.
/// </summary>
internal static class BfgsMinimizer
{
    /// <summary>Writes the gradient at x into the span and returns the objective at x.</summary>
    public delegate double Objective(ReadOnlySpan<double> x, Span<double> gradient);

    private const double Armijo = 1e-4;
    private const double MinStep = 1e-20;

    // Below this gradient a stalled line search means the optimum is reached to the precision of the objective.
    private const double StallTolerance = 1e-6;

    public static (double[] Minimum, double Value, OptimizationSummary Summary) Minimize(
        Objective objective, ReadOnlySpan<double> start, IReadOnlyList<string> names, double gradientTolerance, int maxIterations, double divergenceBound)
    {
        var n = start.Length;
        var x = start.ToArray();
        var g = new double[n];
        var f = objective(x, g);
        var evaluations = 1;
        if (!double.IsFinite(f))
        {
            throw new LifetimeModelException("The log-likelihood is not finite at the starting parameters.");
        }

        var h = Identity(n);
        var direction = new double[n];
        var trial = new double[n];
        var trialGradient = new double[n];
        var s = new double[n];
        var y = new double[n];
        var hy = new double[n];
        var firstUpdate = true;
        var iterations = 0;
        while (MaxAbs(g) > gradientTolerance)
        {
            if (iterations == maxIterations)
            {
                throw new LifetimeModelException(
                    $"The fit did not converge in {maxIterations} iterations (largest gradient component {MaxAbs(g):G3}); the likelihood is flat along some parameter, as with too few customers or repeat buyers. A small penalizer makes it identifiable.");
            }

            iterations++;
            Multiply(h, g, direction, -1.0);
            var slope = Dot(direction, g);
            if (slope >= 0.0)
            {
                h = Identity(n);
                firstUpdate = true;
                Multiply(h, g, direction, -1.0);
                slope = Dot(direction, g);
            }

            var step = firstUpdate ? Math.Min(1.0, 1.0 / MaxAbs(g)) : 1.0;
            double trialValue;
            while (true)
            {
                for (var i = 0; i < n; i++)
                {
                    trial[i] = x[i] + (step * direction[i]);
                }

                trialValue = objective(trial, trialGradient);
                evaluations++;
                if (double.IsFinite(trialValue)
                    && (trialValue <= f + (Armijo * step * slope) || WithinRoundingAndFlatter(trialValue, f, trialGradient, g)))
                {
                    break;
                }

                step = double.IsFinite(trialValue)
                    ? Math.Clamp(-slope * step * step / (2.0 * (trialValue - f - (slope * step))), 0.1 * step, 0.5 * step)
                    : 0.1 * step;
                if (step < MinStep && MaxAbs(g) <= StallTolerance)
                {
                    return (x, f, new OptimizationSummary(iterations, evaluations, MaxAbs(g)));
                }

                if (step < MinStep)
                {
                    throw new LifetimeModelException(
                        $"The line search stalled with the largest gradient component at {MaxAbs(g):G3}; the likelihood is flat or ill-conditioned here.");
                }
            }

            for (var i = 0; i < n; i++)
            {
                s[i] = trial[i] - x[i];
                y[i] = trialGradient[i] - g[i];
                x[i] = trial[i];
                g[i] = trialGradient[i];
                if (Math.Abs(x[i]) > divergenceBound)
                {
                    throw new LifetimeModelException(
                        $"Parameter {names[i]} ran off to exp({x[i]:F1}) after {iterations} iterations; the data do not identify the model (too few customers or repeat buyers). A small penalizer keeps it finite.");
                }
            }

            f = trialValue;
            var sy = Dot(s, y);
            if (sy <= 1e-12 * Math.Sqrt(Dot(s, s) * Dot(y, y)))
            {
                continue;
            }

            if (firstUpdate)
            {
                var scale = sy / Dot(y, y);
                h = Identity(n);
                for (var i = 0; i < n; i++)
                {
                    h[(i * n) + i] = scale;
                }

                firstUpdate = false;
            }

            // H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ, expanded (Nocedal & Wright eq. 6.17).
            var rho = 1.0 / sy;
            Multiply(h, y, hy, 1.0);
            var yhy = Dot(y, hy);
            for (var i = 0; i < n; i++)
            {
                for (var j = 0; j < n; j++)
                {
                    h[(i * n) + j] += (rho * ((1.0 + (rho * yhy)) * s[i] * s[j])) - (rho * ((hy[i] * s[j]) + (s[i] * hy[j])));
                }
            }
        }

        return (x, f, new OptimizationSummary(iterations, evaluations, MaxAbs(g)));
    }

    /// <summary>
    /// Near the optimum the decrease falls below the objective's rounding error and Armijo's test becomes noise; a
    /// step that leaves the value unchanged to rounding but shrinks the gradient is then progress.
    /// </summary>
    private static bool WithinRoundingAndFlatter(double trialValue, double value, double[] trialGradient, double[] gradient) =>
        Math.Abs(trialValue - value) <= 1e-14 * (1.0 + Math.Abs(value)) && MaxAbs(trialGradient) < MaxAbs(gradient);

    private static double[] Identity(int n)
    {
        var m = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            m[(i * n) + i] = 1.0;
        }

        return m;
    }

    private static void Multiply(double[] m, double[] v, double[] result, double factor)
    {
        var n = v.Length;
        for (var i = 0; i < n; i++)
        {
            var sum = 0.0;
            for (var j = 0; j < n; j++)
            {
                sum += m[(i * n) + j] * v[j];
            }

            result[i] = factor * sum;
        }
    }

    private static double Dot(double[] u, double[] v)
    {
        var sum = 0.0;
        for (var i = 0; i < u.Length; i++)
        {
            sum += u[i] * v[i];
        }

        return sum;
    }

    private static double MaxAbs(double[] v)
    {
        var max = 0.0;
        foreach (var value in v)
        {
            max = Math.Max(max, Math.Abs(value));
        }

        return max;
    }
}
