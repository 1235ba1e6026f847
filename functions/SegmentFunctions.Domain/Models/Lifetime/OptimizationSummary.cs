namespace SegmentFunctions.Domain.Models.Lifetime;

/// <summary>How a maximum-likelihood fit ended: iterations, objective evaluations and the final gradient size.</summary>
/// <param name="Iterations">Quasi-Newton iterations.</param>
/// <param name="Evaluations">Log-likelihood (value and gradient) evaluations.</param>
/// <param name="GradientNorm">Largest absolute component of the mean log-likelihood's gradient in log-parameter space.</param>
public sealed record OptimizationSummary(int Iterations, int Evaluations, double GradientNorm);
