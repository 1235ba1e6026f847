using SegmentFunctions.Domain.Features;
using SegmentFunctions.Domain.Synthetic;

namespace SegmentFunctions.Application.Tests.Training;

/// <summary>
/// A seeded synthetic shop folded into feature documents at three times H apart: the classifier's cut-off
/// End - 2H, the training time End - H, and End, which labels the out-of-time holdout (End - H, End].
/// </summary>
public sealed class SyntheticShopSnapshots
{
    public const int Customers = 3_000;
    public const int HorizonDays = 90;

    public SyntheticShopSnapshots()
    {
        var options = new SyntheticShopOptions { Customers = Customers, Seed = 7, HoldoutDays = HorizonDays };
        End = options.End;
        var atCutoff = new List<CustomerFeatures>();
        var atTraining = new List<CustomerFeatures>();
        var atEnd = new List<CustomerFeatures>();
        foreach (var customer in new SyntheticShopGenerator(options).Customers())
        {
            Add(atCutoff, customer, Cutoff);
            Add(atTraining, customer, TrainingAsOf);
            Add(atEnd, customer, End);
        }

        AtCutoff = atCutoff;
        AtTraining = atTraining;
        AtEnd = atEnd;
    }

    public DateTimeOffset End { get; }
    public DateTimeOffset TrainingAsOf => End.AddDays(-HorizonDays);
    public DateTimeOffset Cutoff => End.AddDays(-2 * HorizonDays);
    public IReadOnlyList<CustomerFeatures> AtCutoff { get; }
    public IReadOnlyList<CustomerFeatures> AtTraining { get; }
    public IReadOnlyList<CustomerFeatures> AtEnd { get; }

    private static void Add(List<CustomerFeatures> documents, SyntheticCustomer customer, DateTimeOffset asOf)
    {
        var before = customer.Events.Where(e => e.Timestamp < asOf).ToList();
        if (before.Count > 0)
        {
            documents.Add(CustomerFeaturesFolder.Fold(customer.Truth.CustomerId, before));
        }
    }
}
