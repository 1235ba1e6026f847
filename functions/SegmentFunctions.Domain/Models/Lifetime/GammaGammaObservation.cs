namespace SegmentFunctions.Domain.Models.Lifetime;

/// <summary><see cref="Count"/> repeat buyers with x repeat purchases of mean value zbar.</summary>
public readonly record struct GammaGammaObservation(int Frequency, double MeanSpend, int Count);
