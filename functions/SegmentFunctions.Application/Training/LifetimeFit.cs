using SegmentFunctions.Domain.Models.Lifetime;
using SegmentFunctions.Domain.Models.Uncertainty;

namespace SegmentFunctions.Application.Training;

/// <summary>
/// The fitted lifetime part of a bundle: BG/NBD and, when it could be fitted, Gamma-Gamma, with the parameter draws of
/// their Laplace approximation (null when the likelihood is too flat for one) for per-customer intervals.
/// </summary>
/// <param name="Warnings">Penalizer fallbacks and a Gamma-Gamma that was left out.</param>
public sealed record LifetimeFit(BgNbdModel BgNbd, GammaGammaModel? GammaGamma, IReadOnlyList<string> Warnings, LifetimeParameterDraws? Uncertainty = null);
