using SegmentFunctions.Domain.Features;
using SegmentFunctions.Domain.Synthetic;
using SegmentFunctions.Domain.Training;

namespace SegmentFunctions.Domain.Tests.Churn;

/// <summary>
/// A synthetic shop folded into feature documents: snapshots at the cut-off T - H (events before it) and at T
/// (all events), with the generator's ground truth; T is the end of the window and H its holdout.
/// </summary>
internal sealed record SyntheticChurnData(
    SyntheticShopOptions Options,
    IReadOnlyList<CustomerFeatures> AtCutoff,
    IReadOnlyList<CustomerFeatures> AtEnd,
    IReadOnlyDictionary<string, bool> ChurnedById)
{
    private static readonly Dictionary<(int, int, int), SyntheticChurnData> Cache = [];

    public DateTimeOffset Cutoff => Options.HoldoutStart;
    public DateTimeOffset End => Options.End;
    public int HorizonDays => Options.HoldoutDays;

    public static SyntheticChurnData Create(int customers, int seed, int months = 18)
    {
        lock (Cache)
        {
            if (Cache.TryGetValue((customers, seed, months), out var cached))
            {
                return cached;
            }

            var options = new SyntheticShopOptions { Customers = customers, Seed = seed, Months = months };
            var atCutoff = new List<CustomerFeatures>();
            var atEnd = new List<CustomerFeatures>();
            var churned = new Dictionary<string, bool>(StringComparer.Ordinal);
            foreach (var customer in new SyntheticShopGenerator(options).Customers())
            {
                var id = customer.Truth.CustomerId;
                var before = customer.Events.Where(e => e.Timestamp < options.HoldoutStart).ToList();
                if (before.Count > 0)
                {
                    atCutoff.Add(CustomerFeaturesFolder.Fold(id, before));
                }

                atEnd.Add(CustomerFeaturesFolder.Fold(id, customer.Events));
                churned[id] = customer.Truth.ChurnedInHoldout;
            }

            var data = new SyntheticChurnData(options, atCutoff, atEnd, churned);
            Cache[(customers, seed, months)] = data;
            return data;
        }
    }

    public ChurnDataset Dataset(TrainingTableOptions? options = null) =>
        ChurnLabeler.FromKnownLabels(new TrainingTableBuilder(options).Build(AtCutoff, Cutoff), ChurnedById, HorizonDays);
}
