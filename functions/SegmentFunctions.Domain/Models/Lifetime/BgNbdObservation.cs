namespace SegmentFunctions.Domain.Models.Lifetime;

/// <summary><see cref="Count"/> customers with the same BG/NBD history: x repeat purchases, recency t_x and age T.</summary>
public readonly record struct BgNbdObservation(int Frequency, double Recency, double Age, int Count);
