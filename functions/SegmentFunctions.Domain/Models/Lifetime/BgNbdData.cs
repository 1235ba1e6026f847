namespace SegmentFunctions.Domain.Models.Lifetime;

/// <summary>
/// What BG/NBD is fitted on: the customers' (x, t_x, T), compressed to the distinct triples with their counts.
/// Customers with the same triple have the same likelihood, so ln L = Σ_j n_j ln L(x_j, t_x,j, T_j) over the distinct
/// triples: a customer base whose ages and recencies are whole days has far fewer of them than customers, and the
/// compressed data of shards combine exactly (counts add).
/// </summary>
public sealed class BgNbdData
{
    /// <param name="observations">Triples with counts; a triple may appear more than once (its counts then add up).</param>
    /// <exception cref="LifetimeModelException">A count below 1, or a history with x &lt; 0 or not 0 ≤ t_x ≤ T.</exception>
    public BgNbdData(IEnumerable<BgNbdObservation> observations)
    {
        ArgumentNullException.ThrowIfNull(observations);
        var list = observations.ToList();
        foreach (var o in list)
        {
            if (o.Count < 1 || o.Frequency < 0 || !double.IsFinite(o.Recency) || !double.IsFinite(o.Age)
                || o.Recency < 0 || o.Age < o.Recency)
            {
                throw new LifetimeModelException(
                    $"{o.Count} customers with x = {o.Frequency}, t_x = {o.Recency}, T = {o.Age}; BG/NBD needs a positive count, x ≥ 0 and 0 ≤ t_x ≤ T.");
            }
        }

        Observations = list;
        Customers = checked(list.Sum(o => o.Count));
    }

    public IReadOnlyList<BgNbdObservation> Observations { get; }

    /// <summary>The number of customers, Σ counts.</summary>
    public int Customers { get; }

    /// <summary>The distinct (x, t_x, T) of the customers with their counts, in increasing order.</summary>
    /// <exception cref="LifetimeModelException">A customer's history is not a BG/NBD history (named in the message).</exception>
    public static BgNbdData FromCustomers(IEnumerable<CustomerRfm> customers)
    {
        ArgumentNullException.ThrowIfNull(customers);
        var counts = new Dictionary<(int, double, double), int>();
        foreach (var c in customers)
        {
            if (c.Frequency < 0 || !double.IsFinite(c.Recency) || !double.IsFinite(c.Age) || c.Recency < 0 || c.Age < c.Recency)
            {
                throw new LifetimeModelException(
                    $"Customer '{c.CustomerId}' has x = {c.Frequency}, t_x = {c.Recency}, T = {c.Age}; BG/NBD needs x ≥ 0 and 0 ≤ t_x ≤ T.");
            }

            var key = (c.Frequency, c.Recency, c.Age);
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }

        return Ordered(counts);
    }

    /// <summary>The data of several shards of one customer base as one: the counts of equal triples add.</summary>
    public static BgNbdData Combine(IEnumerable<BgNbdData> shards)
    {
        ArgumentNullException.ThrowIfNull(shards);
        var counts = new Dictionary<(int, double, double), int>();
        foreach (var o in shards.SelectMany(s => s.Observations))
        {
            var key = (o.Frequency, o.Recency, o.Age);
            counts[key] = checked(counts.GetValueOrDefault(key) + o.Count);
        }

        return Ordered(counts);
    }

    private static BgNbdData Ordered(Dictionary<(int X, double Recency, double Age), int> counts) =>
        new(counts.OrderBy(p => p.Key).Select(p => new BgNbdObservation(p.Key.X, p.Key.Recency, p.Key.Age, p.Value)));
}
