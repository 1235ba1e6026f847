namespace SegmentFunctions.Domain.Training;

/// <summary>
/// Keeps, of the rows offered to it in any order, the <see cref="Capacity"/> with the smallest keys (priority, then
/// customer id, then variant): a bottom-k sample, so the rows kept depend on the keys alone, not on the order or
/// the parts they came in. Each row holds <see cref="Width"/> values and a flag. Memory is the kept rows only.
/// </summary>
public sealed class SampledRows
{
    private ulong[] _priorities = [];
    private string[] _ids = [];
    private int[] _variants = [];
    private bool[] _flags = [];
    private double[] _values = [];
    private int[] _heap = [];

    /// <param name="capacity">Most rows kept; null keeps every row offered.</param>
    public SampledRows(int width, int? capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(width);
        if (capacity is { } cap)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(cap);
        }

        Width = width;
        Capacity = capacity;
    }

    public int Width { get; }
    public int? Capacity { get; }
    public int Count { get; private set; }

    /// <summary>
    /// Whether a row of this key would be kept now; a caller can skip computing the row's values when not. A row
    /// refused once stays refused: the bar only falls.
    /// </summary>
    public bool Admits(ulong priority, string customerId, int variant) =>
        Capacity is not { } cap || Count < cap || (cap > 0 && Compare(priority, customerId, variant, _heap[0]) < 0);

    /// <summary>Offers a row; returns whether it was kept (it may be evicted by a row of a smaller key later).</summary>
    public bool Offer(ulong priority, string customerId, int variant, ReadOnlySpan<double> values, bool flag)
    {
        ArgumentNullException.ThrowIfNull(customerId);
        if (values.Length != Width)
        {
            throw new ArgumentException($"Expected {Width} values, got {values.Length}.", nameof(values));
        }

        if (!Admits(priority, customerId, variant))
        {
            return false;
        }

        int slot;
        if (Capacity is not { } cap || Count < cap)
        {
            slot = Count++;
            Grow(Count);
            Store(slot, priority, customerId, variant, values, flag);
            if (Capacity is not null)
            {
                _heap[slot] = slot;
                SiftUp(slot);
            }

            return true;
        }

        // Full: the row of the largest key (the heap's root) makes room.
        slot = _heap[0];
        Store(slot, priority, customerId, variant, values, flag);
        SiftDown(0);
        return true;
    }

    /// <summary>Sets the flag of every kept row of the customer.</summary>
    public void SetFlag(Func<string, bool> flagOf)
    {
        ArgumentNullException.ThrowIfNull(flagOf);
        for (var i = 0; i < Count; i++)
        {
            _flags[i] = flagOf(_ids[i]);
        }
    }

    /// <summary>The customers of the kept rows.</summary>
    public IEnumerable<string> CustomerIds => _ids.Take(Count);

    /// <summary>The kept rows in key order, which is the same whatever order they were offered in.</summary>
    public (string[] Ids, double[] Values, bool[] Flags) Ordered()
    {
        var order = Enumerable.Range(0, Count).ToArray();
        Array.Sort(order, (a, b) => Compare(_priorities[a], _ids[a], _variants[a], b));
        var ids = new string[Count];
        var values = new double[Count * Width];
        var flags = new bool[Count];
        for (var k = 0; k < order.Length; k++)
        {
            var slot = order[k];
            ids[k] = _ids[slot];
            flags[k] = _flags[slot];
            _values.AsSpan(slot * Width, Width).CopyTo(values.AsSpan(k * Width, Width));
        }

        return (ids, values, flags);
    }

    private void Store(int slot, ulong priority, string customerId, int variant, ReadOnlySpan<double> values, bool flag)
    {
        _priorities[slot] = priority;
        _ids[slot] = customerId;
        _variants[slot] = variant;
        _flags[slot] = flag;
        values.CopyTo(_values.AsSpan(slot * Width, Width));
    }

    private void Grow(int count)
    {
        if (count <= _ids.Length)
        {
            return;
        }

        var size = Math.Max(count, Math.Min(Math.Max(1024, _ids.Length * 2), Capacity ?? int.MaxValue));
        Array.Resize(ref _priorities, size);
        Array.Resize(ref _ids, size);
        Array.Resize(ref _variants, size);
        Array.Resize(ref _flags, size);
        Array.Resize(ref _values, checked(size * Width));
        if (Capacity is not null)
        {
            Array.Resize(ref _heap, size);
        }
    }

    /// <summary>Orders a key against the key of a kept row.</summary>
    private int Compare(ulong priority, string customerId, int variant, int slot)
    {
        var byPriority = priority.CompareTo(_priorities[slot]);
        if (byPriority != 0)
        {
            return byPriority;
        }

        var byId = string.CompareOrdinal(customerId, _ids[slot]);
        return byId != 0 ? byId : variant.CompareTo(_variants[slot]);
    }

    private bool Larger(int a, int b) => Compare(_priorities[a], _ids[a], _variants[a], b) > 0;

    private void SiftUp(int i)
    {
        while (i > 0)
        {
            var parent = (i - 1) / 2;
            if (!Larger(_heap[i], _heap[parent]))
            {
                return;
            }

            (_heap[i], _heap[parent]) = (_heap[parent], _heap[i]);
            i = parent;
        }
    }

    private void SiftDown(int i)
    {
        while (true)
        {
            var (left, right, largest) = ((2 * i) + 1, (2 * i) + 2, i);
            if (left < Count && Larger(_heap[left], _heap[largest]))
            {
                largest = left;
            }

            if (right < Count && Larger(_heap[right], _heap[largest]))
            {
                largest = right;
            }

            if (largest == i)
            {
                return;
            }

            (_heap[i], _heap[largest]) = (_heap[largest], _heap[i]);
            i = largest;
        }
    }
}
