namespace SegmentFunctions.Domain.Models.Lifetime;

/// <summary>
/// What the lifetime models are fitted on, compressed: the buyers' distinct (x, t_x, T) with counts for BG/NBD and
/// the repeat buyers' distinct (x, zbar) with counts for Gamma-Gamma. The data of the shards of one customer base
/// combine exactly into the data of the whole (<see cref="Combine"/>), in the same order whatever the split, so the fits
/// and the parameter draws on combined data are those on the whole.
/// </summary>
public sealed record LifetimeData(BgNbdData Purchases, GammaGammaData Spend)
{
    /// <summary>The data of the given buyers; the repeat buyers with positive mean spend also give Gamma-Gamma's.</summary>
    /// <exception cref="LifetimeModelException">A customer's history is not a BG/NBD history.</exception>
    public static LifetimeData FromCustomers(IReadOnlyCollection<CustomerRfm> buyers)
    {
        ArgumentNullException.ThrowIfNull(buyers);
        return new LifetimeData(
            BgNbdData.FromCustomers(buyers), GammaGammaData.FromCustomers(buyers.Where(c => c.Frequency > 0 && c.MeanRepeatSpend > 0)));
    }

    /// <summary>The data of several shards as one: counts of equal histories add.</summary>
    public static LifetimeData Combine(IReadOnlyCollection<LifetimeData> shards)
    {
        ArgumentNullException.ThrowIfNull(shards);
        return new LifetimeData(BgNbdData.Combine(shards.Select(s => s.Purchases)), GammaGammaData.Combine(shards.Select(s => s.Spend)));
    }
}
