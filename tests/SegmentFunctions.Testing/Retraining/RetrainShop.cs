using SegmentFunctions.Domain.Features;
using SegmentFunctions.Domain.Synthetic;

namespace SegmentFunctions.Testing.Retraining;

/// <summary>
/// A seeded synthetic shop folded into feature documents as of any time: the first run trains as of T1 = End - H
/// (its snapshot later gives the labels), the second as of T2 = End. Generated once per test process. A second shop
/// with nine months of history (<see cref="ShortHistoryDocumentsAt"/>, as of <see cref="ShortHistoryEnd"/>) is a
/// first run with no snapshot near T - H and less than three horizons of history.
/// </summary>
public static class RetrainShop
{
    public const int Customers = 1_000;
    public const int HorizonDays = 90;

    private static readonly SyntheticShopOptions Options = new() { Customers = Customers, Seed = 7, HoldoutDays = HorizonDays };
    private static readonly Lazy<IReadOnlyList<SyntheticCustomer>> Shop = new(() => [.. new SyntheticShopGenerator(Options).Customers()]);
    private static readonly SyntheticShopOptions ShortOptions = Options with { Months = 9, Seed = 11 };
    private static readonly Lazy<IReadOnlyList<SyntheticCustomer>> ShortShop = new(() => [.. new SyntheticShopGenerator(ShortOptions).Customers()]);

    public static DateTimeOffset Start => Options.Start;
    public static DateTimeOffset T2 => Options.End;
    public static DateTimeOffset T1 => T2.AddDays(-HorizonDays);

    public static DateTimeOffset ShortHistoryEnd => ShortOptions.End;

    /// <summary>Every customer's document as of <paramref name="asOf"/> (its events strictly before it).</summary>
    public static IEnumerable<CustomerFeatures> DocumentsAt(DateTimeOffset asOf) => Fold(Shop.Value, asOf);

    /// <summary>The nine-month shop's documents as of <paramref name="asOf"/>.</summary>
    public static IEnumerable<CustomerFeatures> ShortHistoryDocumentsAt(DateTimeOffset asOf) => Fold(ShortShop.Value, asOf);

    private static IEnumerable<CustomerFeatures> Fold(IReadOnlyList<SyntheticCustomer> shop, DateTimeOffset asOf)
    {
        foreach (var customer in shop)
        {
            var before = customer.Events.Where(e => e.Timestamp < asOf).ToList();
            if (before.Count > 0)
            {
                yield return CustomerFeaturesFolder.Fold(customer.Truth.CustomerId, before);
            }
        }
    }
}
