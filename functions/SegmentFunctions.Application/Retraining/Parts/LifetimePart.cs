using SegmentFunctions.Domain.Models.Lifetime;
using SegmentFunctions.Domain.Models.Uncertainty;

namespace SegmentFunctions.Application.Retraining.Parts;

/// <summary>The stored form of a <see cref="Training.LifetimeFit"/>: BG/NBD (r, α, a, b) and Gamma-Gamma (p, q, γ) parameters and their draws.</summary>
public sealed record LifetimePart(
    LifetimeTimeUnit TimeUnit,
    double R,
    double Alpha,
    double A,
    double B,
    double BgNbdLogLikelihood,
    int BgNbdCustomers,
    GammaGammaPart? GammaGamma,
    IReadOnlyList<string> Warnings,
    LifetimeParameterDraws? Uncertainty = null);
