namespace SegmentFunctions.Domain.Synthetic;

/// <summary>Shape of a synthetic shop. Same options and seed give the same events, byte for byte.</summary>
public sealed record SyntheticShopOptions
{
    public int Customers { get; init; } = 20_000;
    public int Months { get; init; } = 18;
    /// <summary>Start of the observation window; keep it at UTC midnight so day windows align with purchase days.</summary>
    public DateTimeOffset Start { get; init; } = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public int Seed { get; init; } = 42;
    public IReadOnlyList<SyntheticSegment> Segments { get; init; } = SyntheticSegments.Default;
    /// <summary>Customers arrive uniformly in the first share of the window, so most have history before the holdout.</summary>
    public double AcquisitionShare { get; init; } = 0.6;
    /// <summary>Length H of the holdout at the end of the window that the ground truth reports on.</summary>
    public int HoldoutDays { get; init; } = 90;
    /// <summary>Share of events emitted twice with the same id (at-least-once delivery); 0 by default.</summary>
    public double DuplicateFraction { get; init; }
    public IReadOnlyList<string> Categories { get; init; } = ["electronics", "fashion", "home", "beauty", "sports"];
    public string Currency { get; init; } = "EUR";

    public DateTimeOffset End => Start.AddMonths(Months);
    public DateTimeOffset HoldoutStart => End.AddDays(-HoldoutDays);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (Customers < 0)
        {
            throw new ArgumentException($"Customers must be >= 0, got {Customers}.", nameof(Customers));
        }

        if (Months < 1)
        {
            throw new ArgumentException($"Months must be >= 1, got {Months}.", nameof(Months));
        }

        if (Segments.Count == 0 || Segments.Any(s => s.Weight < 0) || Segments.Sum(s => s.Weight) <= 0)
        {
            throw new ArgumentException("Segments must be non-empty with non-negative weights summing to more than 0.", nameof(Segments));
        }

        if (Segments.Any(s => s.CategoryWeights.Length != Categories.Count || s.ChannelWeights.Length != SyntheticShopGenerator.Channels.Count))
        {
            throw new ArgumentException(
                $"Every segment needs {Categories.Count} category weights and {SyntheticShopGenerator.Channels.Count} channel weights.", nameof(Segments));
        }

        if (AcquisitionShare is <= 0 or > 1)
        {
            throw new ArgumentException($"AcquisitionShare must be in (0, 1], got {AcquisitionShare}.", nameof(AcquisitionShare));
        }

        if (HoldoutDays < 1 || Start.AddDays(HoldoutDays) > End)
        {
            throw new ArgumentException($"HoldoutDays must be in [1, window length], got {HoldoutDays}.", nameof(HoldoutDays));
        }

        if (DuplicateFraction is < 0 or > 1)
        {
            throw new ArgumentException($"DuplicateFraction must be in [0, 1], got {DuplicateFraction}.", nameof(DuplicateFraction));
        }
    }
}
