namespace SegmentFunctions.Domain.Models.Lifetime;

/// <summary>
/// What the lifetime trainers minimise over log-parameters θ: the mean negative log-likelihood plus
/// Penalizer · Σ θ² (see <see cref="LifetimeFitOptions.Penalizer"/>), with its gradient. Scaling by the number of
/// customers keeps the gradient tolerance meaningful whatever the data size.
/// </summary>
internal static class PenalizedObjective
{
    public delegate double LogLikelihood(ReadOnlySpan<double> logParameters, Span<double> gradient);

    public static BfgsMinimizer.Objective For(LogLikelihood logLikelihood, int customers, double penalizer)
    {
        var n = (double)customers;
        return (theta, gradient) =>
        {
            var value = -logLikelihood(theta, gradient) / n;
            for (var i = 0; i < gradient.Length; i++)
            {
                gradient[i] = (-gradient[i] / n) + (2.0 * penalizer * theta[i]);
                value += penalizer * theta[i] * theta[i];
            }

            return value;
        };
    }
}
