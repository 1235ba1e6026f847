namespace SegmentFunctions.Domain.Models.Lifetime;

/// <summary>
/// What Gamma-Gamma is fitted on: the repeat buyers' (x, zbar), compressed to the distinct pairs with their counts
/// (repeat buyers with the same pair have the same likelihood); the data of shards combine exactly.
/// </summary>
public sealed class GammaGammaData
{
    /// <param name="observations">Pairs with counts; a pair may appear more than once.</param>
    /// <exception cref="LifetimeModelException">A count below 1, x ≤ 0 or zbar not positive.</exception>
    public GammaGammaData(IEnumerable<GammaGammaObservation> observations)
    {
        ArgumentNullException.ThrowIfNull(observations);
        var list = observations.ToList();
        foreach (var o in list)
        {
            if (o.Count < 1 || o.Frequency <= 0 || !double.IsFinite(o.MeanSpend) || o.MeanSpend <= 0)
            {
                throw new LifetimeModelException(
                    $"{o.Count} customers with x = {o.Frequency}, zbar = {o.MeanSpend}; Gamma-Gamma takes repeat buyers with positive spend only.");
            }
        }

        Observations = list;
        Customers = checked(list.Sum(o => o.Count));
    }

    public IReadOnlyList<GammaGammaObservation> Observations { get; }

    /// <summary>The number of repeat buyers, Σ counts.</summary>
    public int Customers { get; }

    /// <summary>The distinct (x, zbar) of the given repeat buyers with their counts, in increasing order.</summary>
    /// <exception cref="LifetimeModelException">A customer is not a repeat buyer with positive spend (named in the message).</exception>
    public static GammaGammaData FromCustomers(IEnumerable<CustomerRfm> repeatBuyers)
    {
        ArgumentNullException.ThrowIfNull(repeatBuyers);
        var counts = new Dictionary<(int, double), int>();
        foreach (var c in repeatBuyers)
        {
            if (c.Frequency <= 0 || !double.IsFinite(c.MeanRepeatSpend) || c.MeanRepeatSpend <= 0)
            {
                throw new LifetimeModelException(
                    $"Customer '{c.CustomerId}' has x = {c.Frequency}, zbar = {c.MeanRepeatSpend}; Gamma-Gamma takes repeat buyers with positive spend only.");
            }

            var key = (c.Frequency, c.MeanRepeatSpend);
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }

        return Ordered(counts);
    }

    /// <summary>The data of several shards of one customer base as one: the counts of equal pairs add.</summary>
    public static GammaGammaData Combine(IEnumerable<GammaGammaData> shards)
    {
        ArgumentNullException.ThrowIfNull(shards);
        var counts = new Dictionary<(int, double), int>();
        foreach (var o in shards.SelectMany(s => s.Observations))
        {
            var key = (o.Frequency, o.MeanSpend);
            counts[key] = checked(counts.GetValueOrDefault(key) + o.Count);
        }

        return Ordered(counts);
    }

    private static GammaGammaData Ordered(Dictionary<(int X, double MeanSpend), int> counts) =>
        new(counts.OrderBy(p => p.Key).Select(p => new GammaGammaObservation(p.Key.X, p.Key.MeanSpend, p.Value)));
}
