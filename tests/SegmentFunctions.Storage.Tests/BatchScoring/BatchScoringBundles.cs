using SegmentFunctions.Application.Training;
using SegmentFunctions.Domain.Features;
using SegmentFunctions.Domain.Scoring;
using SegmentFunctions.Domain.Synthetic;

namespace SegmentFunctions.Storage.Tests.BatchScoring;

/// <summary>
/// A small seeded synthetic shop folded into feature documents at its end, and two bundles trained on them with
/// different seeds (so different versions and segmentations), trained once for every batch scoring contract.
/// </summary>
internal sealed class BatchScoringBundles
{
    private static readonly Lazy<BatchScoringBundles> Shared = new(() => new BatchScoringBundles());

    private BatchScoringBundles()
    {
        var options = new SyntheticShopOptions { Customers = 600, Seed = 23 };
        AsOf = options.End;
        Documents = [.. new SyntheticShopGenerator(options).Customers().Select(c => CustomerFeaturesFolder.Fold(c.Truth.CustomerId, c.Events))];
        First = Train(seed: 1);
        Second = Train(seed: 2);
    }

    public static BatchScoringBundles Instance => Shared.Value;

    public DateTimeOffset AsOf { get; }
    public IReadOnlyList<CustomerFeatures> Documents { get; }
    public ModelBundle First { get; }
    public ModelBundle Second { get; }

    private ModelBundle Train(int seed) =>
        new ModelBundleTrainer(new ModelBundleTrainingOptions { Seed = seed, Restarts = 1, MaxComponents = 5 })
            .Train(new ModelBundleTrainingInput(Documents, AsOf)).Bundle;
}
