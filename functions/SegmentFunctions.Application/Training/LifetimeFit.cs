using SegmentFunctions.Domain.Models.Lifetime;

namespace SegmentFunctions.Application.Training;

/// <summary>The fitted lifetime part of a bundle: BG/NBD and, when it could be fitted, Gamma-Gamma.</summary>
/// <param name="Warnings">Penalizer fallbacks and a Gamma-Gamma that was left out.</param>
public sealed record LifetimeFit(BgNbdModel BgNbd, GammaGammaModel? GammaGamma, IReadOnlyList<string> Warnings);
