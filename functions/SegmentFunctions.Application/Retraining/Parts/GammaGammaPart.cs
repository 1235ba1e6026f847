namespace SegmentFunctions.Application.Retraining.Parts;

/// <summary>Gamma-Gamma parameters (p, q, γ) as stored in a <see cref="LifetimePart"/>.</summary>
public sealed record GammaGammaPart(double P, double Q, double Gamma, double LogLikelihood, int Customers);
