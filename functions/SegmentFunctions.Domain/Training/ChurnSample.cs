using System.IO.Hashing;
using System.Text;
using SegmentFunctions.Domain.Models.Lifetime;

namespace SegmentFunctions.Domain.Training;

/// <summary>
/// The churn classifier's training and held-out rows, drawn by customer id so that any split of the customers into
/// parts (a snapshot's shards, row groups, in any order) gives the same rows. A customer's place is a hash of its id
/// and the seed, uniform in [0, 1): below the test share it is held out, every row of it on the test side; the test
/// side keeps the rows of the held-out customers of smallest place, at most <c>maxTestRows</c>; the training side a
/// uniform sample of at most <c>maxTrainRows</c> of the other customers' rows, by a second hash of id and row
/// variant (a rolling origin's cut-off). Only the kept rows are held.
/// </summary>
public sealed class ChurnSample
{
    private readonly double _testShare;
    private readonly int _seed;
    private readonly SampledRows _train;
    private readonly SampledRows _test;

    /// <param name="columns">The columns of every row offered.</param>
    /// <param name="maxTrainRows">Most training rows; null keeps every one.</param>
    /// <param name="maxTestRows">Most held-out rows; null keeps every one.</param>
    public ChurnSample(IReadOnlyList<string> columns, double testShare, int seed, int? maxTrainRows, int? maxTestRows)
    {
        ArgumentNullException.ThrowIfNull(columns);
        if (testShare is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(testShare), testShare, "Must be in (0, 1).");
        }

        Columns = columns;
        _testShare = testShare;
        _seed = seed;
        _train = new SampledRows(columns.Count, maxTrainRows is { } train ? Math.Max(0, train) : null);
        _test = new SampledRows(columns.Count, maxTestRows is { } test ? Math.Max(0, test) : null);
    }

    public IReadOnlyList<string> Columns { get; }

    /// <summary>Rows kept on each side so far.</summary>
    public (int Train, int Test) Counts => (_train.Count, _test.Count);

    /// <summary>The customer's place in [0, 1): 64 bits of XXH3 of its id's UTF-8 bytes under <paramref name="seed"/>, top 53 bits as a fraction.</summary>
    public static double Place(string customerId, int seed) => ToPlace(Hash(customerId, seed));

    /// <summary>Whether the customer is on the test side.</summary>
    public bool IsHeldOut(string customerId) => Place(customerId, _seed) < _testShare;

    /// <summary>Whether a row of this customer and variant would be kept now (so its values need computing).</summary>
    public bool Admits(string customerId, int variant = 0)
    {
        ArgumentNullException.ThrowIfNull(customerId);
        var place = Hash(customerId, _seed);
        return ToPlace(place) < _testShare
            ? _test.Admits(place, customerId, variant)
            : _train.Admits(TrainPriority(customerId, variant), customerId, variant);
    }

    /// <summary>Offers a row of <see cref="Columns"/>; <paramref name="variant"/> tells a customer's rows apart.</summary>
    public void Offer(string customerId, int variant, ReadOnlySpan<double> row, bool churned)
    {
        ArgumentNullException.ThrowIfNull(customerId);
        var place = Hash(customerId, _seed);
        if (ToPlace(place) < _testShare)
        {
            _test.Offer(place, customerId, variant, row, churned);
        }
        else
        {
            _train.Offer(TrainPriority(customerId, variant), customerId, variant, row, churned);
        }
    }

    /// <summary>The customers of the rows kept on either side.</summary>
    public HashSet<string> CustomerIds() => new(_train.CustomerIds.Concat(_test.CustomerIds), StringComparer.Ordinal);

    /// <summary>Labels every kept row by its customer (for labels that come from another snapshot, after the rows).</summary>
    public void Label(Func<string, bool> churned)
    {
        _train.SetFlag(churned);
        _test.SetFlag(churned);
    }

    /// <summary>The two sides as datasets, rows in key order.</summary>
    public (ChurnDataset Train, ChurnDataset Test) Complete(DateTimeOffset asOf, LifetimeTimeUnit unit, int horizonDays) =>
        (Dataset(_train, asOf, unit, horizonDays), Dataset(_test, asOf, unit, horizonDays));

    /// <summary>The held-out rows in key order: customers, values row-major and labels.</summary>
    public (string[] Ids, double[] Values, bool[] Churned) HeldOutRows() => _test.Ordered();

    private ChurnDataset Dataset(SampledRows rows, DateTimeOffset asOf, LifetimeTimeUnit unit, int horizonDays)
    {
        var (ids, values, churned) = rows.Ordered();
        var report = new TrainingTableReport(ids.Length, 0, Columns.ToDictionary(c => c, _ => 0, StringComparer.Ordinal), [], []);
        return new ChurnDataset(new TrainingTable(asOf, unit, ids, Columns, values, report), churned, horizonDays);
    }

    private ulong TrainPriority(string customerId, int variant) => Hash(customerId, unchecked((_seed * 31) + variant + 1));

    private static double ToPlace(ulong hash) => (hash >> 11) * (1.0 / (1UL << 53));

    private static ulong Hash(string customerId, long seed)
    {
        var length = Encoding.UTF8.GetMaxByteCount(customerId.Length);
        Span<byte> utf8 = length <= 512 ? stackalloc byte[length] : new byte[length];
        var written = Encoding.UTF8.GetBytes(customerId, utf8);
        return XxHash3.HashToUInt64(utf8[..written], seed);
    }
}
