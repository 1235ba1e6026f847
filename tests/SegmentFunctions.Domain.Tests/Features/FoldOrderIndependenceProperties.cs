using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SegmentFunctions.Domain.Events;
using SegmentFunctions.Domain.Features;
using SegmentFunctions.Testing;

namespace SegmentFunctions.Domain.Tests.Features;

/// <summary>
/// The fold is a function of the set of distinct events: shuffling, repeating (within the de-duplication horizon, here
/// wider than the events' two months) and splitting them into separately stored chunks must give the document of one
/// in-order pass.
/// </summary>
public sealed class FoldOrderIndependenceProperties
{
    private const string Customer = "c-1";
    private static readonly FeatureFoldSettings Settings = new() { DedupeHorizon = TimeSpan.FromDays(61) };
    private static readonly EventType[] Types = Enum.GetValues<EventType>();

    private static Gen<CustomerEvent> EventGen(int index) =>
        from type in Gen.Elements(Types)
        from minutes in Gen.Choose(0, 60 * 24 * 60)
        from offsetHours in Gen.Choose(-5, 5)
        from cents in Gen.Choose(0, 50_000)
        from category in Gen.Elements("shoes", "books", "music", "toys")
        from quantity in Gen.Choose(0, 4)
        from channel in Gen.Elements<string?>(null, "web", "app", "email")
        from currency in Gen.Elements("EUR", "USD")
        select TestEvents.Make(
            $"e-{index}",
            type,
            Customer,
            TestEvents.Epoch.AddMinutes(minutes).ToOffset(TimeSpan.FromHours(offsetHours)),
            orderId: type is EventType.Purchase or EventType.Refund ? $"o-{index}" : null,
            amount: type is EventType.Purchase or EventType.Refund ? cents / 100m : null,
            currency: type == EventType.Purchase ? currency : null,
            items: type == EventType.Purchase ? [new LineItem($"s-{index}", category, quantity, cents / 100m)] : null,
            channel: channel);

    private static Gen<(List<CustomerEvent> Distinct, CustomerEvent[] Delivered, int[] Cuts)> ScenarioGen =>
        from count in Gen.Choose(1, 60)
        from distinct in Gen.CollectToList(Enumerable.Range(0, count).Select(EventGen))
        from repeated in Gen.SubListOf<CustomerEvent>(distinct)
        from delivered in Gen.Shuffle<CustomerEvent>([.. distinct, .. repeated, .. repeated.Take(2)])
        from cuts in Gen.ArrayOf(Gen.Choose(0, delivered.Length))
        select (distinct.ToList(), delivered, cuts);

    [Property(MaxTest = 200)]
    public Property Shuffled_repeated_and_chunked_delivery_gives_the_in_order_document() =>
        Prop.ForAll(ScenarioGen.ToArbitrary(), scenario =>
        {
            var expected = CustomerFeaturesFolder.Fold(Customer, scenario.Distinct.OrderBy(e => e.Timestamp), Settings);

            var stored = new CustomerFeatures { CustomerId = Customer };
            var bounds = scenario.Cuts.Append(0).Append(scenario.Delivered.Length).Distinct().Order().ToArray();
            for (var c = 1; c < bounds.Length; c++)
            {
                var folder = new CustomerFeaturesFolder(FeatureDocumentAssert.Clone(stored), Settings);
                foreach (var e in scenario.Delivered[bounds[c - 1]..bounds[c]])
                {
                    folder.Apply(e);
                }

                stored = FeatureDocumentAssert.Clone(folder.Complete());
            }

            FeatureDocumentAssert.Equivalent(expected, stored);
        });
}
