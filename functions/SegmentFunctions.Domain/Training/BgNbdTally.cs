using SegmentFunctions.Domain.Models;
using SegmentFunctions.Domain.Models.Lifetime;

namespace SegmentFunctions.Domain.Training;

/// <summary>
/// The buyers' (x, t_x, T) counted by distinct triple as rows stream past, for a BG/NBD fit on customers who are never
/// all in memory: the same <see cref="BgNbdData"/> as <see cref="BgNbdData.FromCustomers"/> of every buyer at once.
/// </summary>
public sealed class BgNbdTally
{
    private readonly Dictionary<(int X, double Recency, double Age), int> _counts = [];
    private readonly int _has;
    private readonly int _x;
    private readonly int _tx;
    private readonly int _age;

    /// <param name="columns">The columns of the rows added: they hold <see cref="FeatureNames.HasPurchased"/>, x, t_x and T.</param>
    public BgNbdTally(IReadOnlyList<string> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var index = columns.Select((c, j) => (c, j)).ToDictionary(p => p.c, p => p.j, StringComparer.Ordinal);
        (_has, _x, _tx, _age) = (index[FeatureNames.HasPurchased], index[FeatureNames.Frequency], index[FeatureNames.BgNbdTx], index[FeatureNames.BgNbdT]);
    }

    /// <summary>Counts the row's customer when it has bought.</summary>
    public void Add(ReadOnlySpan<double> row)
    {
        if (row[_has] > 0)
        {
            var key = ((int)row[_x], row[_tx], row[_age]);
            _counts[key] = _counts.GetValueOrDefault(key) + 1;
        }
    }

    /// <summary>Adds the counts of another tally (another part of the same customers).</summary>
    public void Add(BgNbdTally other)
    {
        ArgumentNullException.ThrowIfNull(other);
        foreach (var (key, count) in other._counts)
        {
            _counts[key] = checked(_counts.GetValueOrDefault(key) + count);
        }
    }

    /// <summary>The distinct triples with their counts, in increasing order.</summary>
    /// <exception cref="LifetimeModelException">A history is not a BG/NBD history.</exception>
    public BgNbdData ToData() =>
        new(_counts.OrderBy(p => p.Key).Select(p => new BgNbdObservation(p.Key.X, p.Key.Recency, p.Key.Age, p.Value)));
}
