using SegmentFunctions.Domain.Events;
using SegmentFunctions.Domain.Features;
using SegmentFunctions.Testing;

namespace SegmentFunctions.Storage.Tests.Snapshots;

/// <summary>Feature documents folded from seeded random events, so snapshots carry every field a real document has.</summary>
internal static class SnapshotFixtures
{
    public static List<CustomerFeatures> Customers(int count, int seed)
    {
        var random = new Random(seed);
        var customers = new List<CustomerFeatures>(count);
        for (var c = 0; c < count; c++)
        {
            var customerId = $"c-{seed}-{c:D4}";
            var events = new List<CustomerEvent>();
            var eventCount = random.Next(0, 12);
            for (var e = 0; e < eventCount; e++)
            {
                var at = TestEvents.Epoch.AddMinutes(random.Next(0, 200_000));
                var id = $"{customerId}-e{e}";
                events.Add(random.Next(3) == 0
                    ? TestEvents.Purchase(id, customerId, at, $"o-{id}", Math.Round((decimal)(random.NextDouble() * 200), 2), category: $"cat{random.Next(4)}", quantity: random.Next(1, 4))
                    : TestEvents.Make(id, (EventType)random.Next(0, 6), customerId, at, channel: random.Next(2) == 0 ? "web" : "app"));
            }

            customers.Add(CustomerFeaturesFolder.Fold(customerId, events));
        }

        return customers;
    }
}
