using SegmentFunctions.Domain.Features;
using SegmentFunctions.Domain.Synthetic;

namespace SegmentFunctions.Testing.Retraining;

/// <summary>
/// A seeded synthetic shop folded into feature documents as of any time: the first run trains as of T1 = End - H
/// (its snapshot later gives the labels), the second as of T2 = End. Generated once per test process.
/// </summary>
public static class RetrainShop
{
    public const int Customers = 1_000;
    public const int HorizonDays = 90;

    private static readonly SyntheticShopOptions Options = new() { Customers = Customers, Seed = 7, HoldoutDays = HorizonDays };
    private static readonly Lazy<IReadOnlyList<SyntheticCustomer>> Shop = new(() => [.. new SyntheticShopGenerator(Options).Customers()]);

    public static DateTimeOffset Start => Options.Start;
    public static DateTimeOffset T2 => Options.End;
    public static DateTimeOffset T1 => T2.AddDays(-HorizonDays);

    /// <summary>Every customer's document as of <paramref name="asOf"/> (its events strictly before it).</summary>
    public static IEnumerable<CustomerFeatures> DocumentsAt(DateTimeOffset asOf)
    {
        foreach (var customer in Shop.Value)
        {
            var before = customer.Events.Where(e => e.Timestamp < asOf).ToList();
            if (before.Count > 0)
            {
                yield return CustomerFeaturesFolder.Fold(customer.Truth.CustomerId, before);
            }
        }
    }
}
