using SegmentFunctions.Domain.Features;
using SegmentFunctions.Domain.Synthetic;

namespace SegmentFunctions.Testing;

/// <summary>
/// A seeded synthetic shop folded into feature documents at its end (<see cref="AtEnd"/>) and at End - H
/// (<see cref="AtCutoff"/>, the customers with events before then): the inputs of a bundle whose churn classifier is
/// labelled by what happened in the last H days.
/// </summary>
public sealed record SyntheticShopFeatures(DateTimeOffset AsOf, IReadOnlyList<CustomerFeatures> AtEnd, IReadOnlyList<CustomerFeatures> AtCutoff)
{
    public static SyntheticShopFeatures Fold(SyntheticShopOptions options, int horizonDays)
    {
        ArgumentNullException.ThrowIfNull(options);
        var cutoff = options.End.AddDays(-horizonDays);
        var atEnd = new List<CustomerFeatures>();
        var atCutoff = new List<CustomerFeatures>();
        foreach (var customer in new SyntheticShopGenerator(options).Customers())
        {
            atEnd.Add(CustomerFeaturesFolder.Fold(customer.Truth.CustomerId, customer.Events));
            var before = customer.Events.Where(e => e.Timestamp < cutoff).ToList();
            if (before.Count > 0)
            {
                atCutoff.Add(CustomerFeaturesFolder.Fold(customer.Truth.CustomerId, before));
            }
        }

        return new SyntheticShopFeatures(options.End, atEnd, atCutoff);
    }
}
