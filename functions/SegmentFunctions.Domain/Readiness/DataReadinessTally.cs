using SegmentFunctions.Domain.Features;
using SegmentFunctions.Domain.Training;

namespace SegmentFunctions.Domain.Readiness;

/// <summary>
/// The counts behind <see cref="DataReadinessCheck"/>, gathered in one pass over documents in any order and split
/// into any parts without holding a document: the plan's cut-off depends on the earliest first-seen time, known only
/// at the end, so customers, repeat buyers and churners are counted at the latest cut-off of every plan the history
/// could give (<see cref="ChurnTrainingPlanner.LatestCutoffs"/>, and T itself for no plan). Counts add, so tallies of
/// a snapshot's shards combine exactly (<see cref="Add(DataReadinessTally)"/>), also when counted elsewhere and sent
/// as values (<see cref="ToCounts"/>, <see cref="Add(DataReadinessCounts)"/>).
/// </summary>
public sealed class DataReadinessTally
{
    private readonly Window[] _windows;
    private readonly long[] _customers;
    private readonly long[] _repeatBuyers;
    private readonly long[] _churners;

    internal DataReadinessTally(DateTimeOffset asOf, int horizonDays, bool cutoffDocuments)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(horizonDays, 1);
        AsOf = asOf;
        HorizonDays = horizonDays;
        CutoffDocuments = cutoffDocuments;
        _windows = WindowsOf(asOf, horizonDays, cutoffDocuments);
        _customers = new long[_windows.Length];
        _repeatBuyers = new long[_windows.Length];
        _churners = new long[_windows.Length];
    }

    public DateTimeOffset AsOf { get; }
    public int HorizonDays { get; }
    public bool CutoffDocuments { get; }

    /// <summary>Documents counted.</summary>
    public long Documents { get; private set; }

    /// <summary>Documents without a first-seen or last-seen time.</summary>
    public long Missing { get; private set; }

    /// <summary>The earliest first-seen time of the documents that have both times; null before the first.</summary>
    public DateTimeOffset? Earliest { get; private set; }

    /// <summary>Counts one document at T.</summary>
    public void Add(CustomerFeatures document)
    {
        ArgumentNullException.ThrowIfNull(document);
        Documents++;
        if (document.FirstSeenAt is not { } first || document.LastSeenAt is null)
        {
            Missing++;
            return;
        }

        Earliest = Earliest is { } earliest && earliest <= first ? earliest : first;
        var count = document.PurchaseDays.Count;
        var days = count <= 256 ? stackalloc int[count] : new int[count];
        for (var k = 0; k < count; k++)
        {
            days[k] = document.PurchaseDays[k].Date.DayNumber;
        }

        days.Sort();
        for (var w = 0; w < _windows.Length; w++)
        {
            var window = _windows[w];
            if (first >= window.Cutoff)
            {
                continue;
            }

            _customers[w]++;
            // A day is known at a time when it started before it (AsOfDays): days before KnownBefore are.
            if (count >= 2 && days[1] < window.KnownBefore)
            {
                _repeatBuyers[w]++;
            }

            var next = LowerBound(days, window.KnownBefore);
            if (next == count || days[next] >= window.EndKnownBefore)
            {
                _churners[w]++;
            }
        }
    }

    /// <summary>Counts several documents in parallel, e.g. a row group of a snapshot.</summary>
    public void Add(IReadOnlyList<CustomerFeatures> documents, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var gate = new Lock();
        Parallel.For(
            0, documents.Count, new ParallelOptions { CancellationToken = cancellationToken },
            () => new DataReadinessTally(AsOf, HorizonDays, CutoffDocuments),
            (i, _, local) =>
            {
                local.Add(documents[i]);
                return local;
            },
            local =>
            {
                lock (gate)
                {
                    Add(local);
                }
            });
    }

    /// <summary>Adds the counts of another part of the same documents (same T, horizon and cut-off flag).</summary>
    /// <exception cref="ArgumentException">The tally counts other windows.</exception>
    public void Add(DataReadinessTally other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.AsOf != AsOf || other.HorizonDays != HorizonDays || other.CutoffDocuments != CutoffDocuments)
        {
            throw new ArgumentException("The tallies count different windows.", nameof(other));
        }

        AddDocuments(other.Documents, other.Missing, other.Earliest);
        for (var w = 0; w < _windows.Length; w++)
        {
            _customers[w] += other._customers[w];
            _repeatBuyers[w] += other._repeatBuyers[w];
            _churners[w] += other._churners[w];
        }
    }

    /// <summary>
    /// Adds the counts of another part of the same documents taken at the same T and horizon, with the same cut-off
    /// flag or with documents as of T - H (whose windows include every window of a tally without).
    /// </summary>
    /// <exception cref="ArgumentException">The counts lack a window of this tally or do not list one value per window.</exception>
    public void Add(DataReadinessCounts counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        if (counts.AsOf != AsOf || counts.HorizonDays != HorizonDays)
        {
            throw new ArgumentException("The counts are of another time or horizon.", nameof(counts));
        }

        var windows = WindowsOf(counts.AsOf, counts.HorizonDays, counts.CutoffDocuments);
        if (counts.Customers.Count != windows.Length || counts.RepeatBuyers.Count != windows.Length || counts.Churners.Count != windows.Length)
        {
            throw new ArgumentException($"The counts list other than one value for each of their {windows.Length} windows.", nameof(counts));
        }

        var from = Array.ConvertAll(_windows, mine => Array.FindIndex(windows, theirs => theirs.Cutoff == mine.Cutoff && theirs.HorizonDays == mine.HorizonDays));
        if (Array.IndexOf(from, -1) >= 0)
        {
            throw new ArgumentException("The counts lack windows of the tally: they were taken without documents as of T - H.", nameof(counts));
        }

        AddDocuments(counts.Documents, counts.Missing, counts.Earliest);
        for (var w = 0; w < _windows.Length; w++)
        {
            _customers[w] += counts.Customers[from[w]];
            _repeatBuyers[w] += counts.RepeatBuyers[from[w]];
            _churners[w] += counts.Churners[from[w]];
        }
    }

    /// <summary>The tally's counts as values, for <see cref="Add(DataReadinessCounts)"/> elsewhere.</summary>
    public DataReadinessCounts ToCounts() =>
        new(AsOf, HorizonDays, CutoffDocuments, Documents, Missing, Earliest, [.. _customers], [.. _repeatBuyers], [.. _churners]);

    /// <summary>Customers first seen before, repeat buyers before, and churners after the cut-off of the window (cut-off, cut-off + horizon].</summary>
    internal (long Customers, long RepeatBuyers, long Churners) CountsAt(DateTimeOffset cutoff, int horizonDays)
    {
        var w = Array.FindIndex(_windows, x => x.Cutoff == cutoff && x.HorizonDays == horizonDays);
        if (w < 0)
        {
            throw new InvalidOperationException($"The tally has no window at {cutoff:O} for {horizonDays} days.");
        }

        return (_customers[w], _repeatBuyers[w], _churners[w]);
    }

    private static Window[] WindowsOf(DateTimeOffset asOf, int horizonDays, bool cutoffDocuments) =>
    [
        .. ChurnTrainingPlanner.LatestCutoffs(asOf, horizonDays, cutoffDocuments).Select(w => new Window(w.Cutoff, w.HorizonDays)),
        new Window(asOf, horizonDays),
    ];

    private void AddDocuments(long documents, long missing, DateTimeOffset? earliest)
    {
        Documents += documents;
        Missing += missing;
        if (earliest is { } time && (Earliest is null || time < Earliest))
        {
            Earliest = time;
        }
    }

    private static int LowerBound(ReadOnlySpan<int> sorted, int value)
    {
        int low = 0, high = sorted.Length;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (sorted[middle] < value)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    private sealed class Window
    {
        public Window(DateTimeOffset cutoff, int horizonDays)
        {
            Cutoff = cutoff;
            HorizonDays = horizonDays;
            KnownBefore = FirstDayNotKnownAt(cutoff);
            EndKnownBefore = FirstDayNotKnownAt(cutoff.AddDays(horizonDays));
        }

        public DateTimeOffset Cutoff { get; }
        public int HorizonDays { get; }

        /// <summary>The day number of the first day not known at the cut-off: every earlier day is (<see cref="AsOfDays.IsKnownAt"/>).</summary>
        public int KnownBefore { get; }

        public int EndKnownBefore { get; }

        private static int FirstDayNotKnownAt(DateTimeOffset time)
        {
            var day = DateOnly.FromDateTime(time.UtcDateTime);
            return AsOfDays.IsKnownAt(day, time) ? day.DayNumber + 1 : day.DayNumber;
        }
    }
}
