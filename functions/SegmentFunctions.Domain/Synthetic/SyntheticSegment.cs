namespace SegmentFunctions.Domain.Synthetic;

/// <summary>
/// One latent customer segment of the synthetic shop. Purchases follow BG/NBD (Fader, Hardie &amp; Lee, 2005,
/// "Counting your customers the easy way"): while alive a customer buys at Poisson rate lambda ~ Gamma(shape
/// <see cref="PurchaseRateShape"/>, rate <see cref="PurchaseRateRate"/>) per day, and after each purchase drops out
/// with probability p ~ Beta(<see cref="DropoutA"/>, <see cref="DropoutB"/>). Spend per purchase follows Gamma-Gamma
/// (Fader, Hardie &amp; Lee, 2005, "RFM and CLV"): z ~ Gamma(shape <see cref="SpendShape"/>, rate nu),
/// nu ~ Gamma(shape <see cref="SpendRateShape"/>, rate <see cref="SpendRateRate"/>).
/// </summary>
public sealed record SyntheticSegment
{
    public required string Name { get; init; }
    /// <summary>Relative share of customers drawn from this segment.</summary>
    public required double Weight { get; init; }

    public required double PurchaseRateShape { get; init; }
    /// <summary>Rate of the gamma prior on lambda, in days: mean purchases per day = shape / rate.</summary>
    public required double PurchaseRateRate { get; init; }
    public required double DropoutA { get; init; }
    public required double DropoutB { get; init; }

    public required double SpendShape { get; init; }
    public required double SpendRateShape { get; init; }
    public required double SpendRateRate { get; init; }

    /// <summary>Sessions without a purchase per day while alive, in addition to the purchase sessions.</summary>
    public required double BrowseSessionsPerDay { get; init; }
    public required double PageViewsPerSession { get; init; }
    public required double ProductViewsPerSession { get; init; }
    /// <summary>Probability that a session without a purchase adds to the cart (an abandoned cart).</summary>
    public required double CartAbandonProbability { get; init; }
    public required double EmailsPerWeek { get; init; }
    public required double EmailOpenRate { get; init; }
    /// <summary>Probability of a click given an open; a click starts a session on the email channel.</summary>
    public required double EmailClickRate { get; init; }
    public required double RefundProbability { get; init; }
    public required double SupportContactProbability { get; init; }
    /// <summary>Weights of channels "web", "app", "store".</summary>
    public required double[] ChannelWeights { get; init; }
    /// <summary>Weights of <see cref="SyntheticShopOptions.Categories"/>, in order.</summary>
    public required double[] CategoryWeights { get; init; }

    /// <summary>
    /// Coefficient of variation of each customer's browsing, cart and e-mail traits around the segment's values
    /// (see <see cref="SyntheticCustomerTraits"/>); 0 gives every customer of the segment the same traits.
    /// </summary>
    public double TraitVariation { get; init; } = 0.15;

    /// <summary>
    /// Half-life, in days, of browsing and e-mail engagement after dropout: a customer who has stopped buying
    /// disengages gradually (see <see cref="SyntheticCustomerSimulation"/>); 0 keeps it engaged at its traits.
    /// </summary>
    public double DisengagementHalfLifeDays { get; init; } = 30;
}
