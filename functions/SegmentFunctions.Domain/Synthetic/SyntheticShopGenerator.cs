using SegmentFunctions.Domain.Events;

namespace SegmentFunctions.Domain.Synthetic;

/// <summary>
/// A synthetic shop with known ground truth: customers drawn from latent segments (<see cref="SyntheticSegment"/>),
/// purchases and dropout as in BG/NBD, browsing, carts, email and refunds around them, emitted as contract v1 events.
/// Customer i depends only on (seed, i), so output is reproducible and customers can be generated one at a time.
/// </summary>
public sealed class SyntheticShopGenerator
{
    /// <summary>Session channels, in the order of <see cref="SyntheticSegment.ChannelWeights"/>.</summary>
    public static IReadOnlyList<string> Channels { get; } = ["web", "app", "store"];

    private readonly double[] _segmentWeights;

    public SyntheticShopGenerator(SyntheticShopOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        _segmentWeights = [.. options.Segments.Select(s => s.Weight)];
    }

    public SyntheticShopOptions Options { get; }

    /// <summary>Customers one at a time, each with its events in time order; memory holds one customer.</summary>
    public IEnumerable<SyntheticCustomer> Customers()
    {
        for (var i = 0; i < Options.Customers; i++)
        {
            yield return Customer(i);
        }
    }

    /// <summary>Customer <paramref name="index"/> (0-based), the same whenever and on whichever thread it is generated.</summary>
    public SyntheticCustomer Customer(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Options.Customers);
        var simulation = Simulate(index);
        return new SyntheticCustomer(simulation.Truth, [.. simulation.Events()]);
    }

    /// <summary>All events, customer after customer, each customer's in time order.</summary>
    public IEnumerable<CustomerEvent> EventsByCustomer()
    {
        for (var i = 0; i < Options.Customers; i++)
        {
            foreach (var e in Simulate(i).Events())
            {
                yield return e;
            }
        }
    }

    /// <summary>
    /// All events in global time order (ties by customer index). Events are produced lazily, but the merge keeps one
    /// small simulation state per started customer (about a kilobyte), so for millions of customers prefer
    /// <see cref="EventsByCustomer"/>: the feature fold does not depend on event order.
    /// </summary>
    public IEnumerable<CustomerEvent> EventsInTimeOrder()
    {
        var queue = new PriorityQueue<IEnumerator<CustomerEvent>, (long Ticks, int Index)>();
        var arrivals = new PriorityQueue<int, (long Ticks, int Index)>();
        for (var i = 0; i < Options.Customers; i++)
        {
            var firstSeen = Simulate(i).FirstSeenAt.UtcTicks;
            arrivals.Enqueue(i, (firstSeen, i));
        }

        while (queue.Count > 0 || arrivals.Count > 0)
        {
            // Start a customer only when the clock reaches its first event, so idle future customers hold no state.
            if (arrivals.TryPeek(out var index, out var arrival)
                && (!queue.TryPeek(out _, out var head) || arrival.CompareTo(head) <= 0))
            {
                arrivals.Dequeue();
                var events = Simulate(index).Events().GetEnumerator();
                if (events.MoveNext())
                {
                    queue.Enqueue(events, (events.Current.Timestamp.UtcTicks, index));
                }

                continue;
            }

            var (next, key) = queue.TryDequeue(out var e, out var k) ? (e, k) : throw new InvalidOperationException("Merge queue empty.");
            yield return next.Current;
            if (next.MoveNext())
            {
                queue.Enqueue(next, (next.Current.Timestamp.UtcTicks, key.Index));
            }
            else
            {
                next.Dispose();
            }
        }
    }

    /// <summary>The ground truth of every customer, without generating events (cheap).</summary>
    public IEnumerable<SyntheticCustomerTruth> GroundTruth()
    {
        for (var i = 0; i < Options.Customers; i++)
        {
            yield return Simulate(i).Truth;
        }
    }

    private SyntheticCustomerSimulation Simulate(int index) => new(Options, index, _segmentWeights);
}
