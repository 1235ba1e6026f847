namespace SegmentFunctions.Application.Retraining.Activities;

/// <summary>The fitted BG/NBD and Gamma-Gamma models, stored in <paramref name="Blob"/>.</summary>
public sealed record LifetimePartResult(string Blob, int Buyers, double BgNbdLogLikelihood, double? GammaGammaLogLikelihood, IReadOnlyList<string> Warnings);
