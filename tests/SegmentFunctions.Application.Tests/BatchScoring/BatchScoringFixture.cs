using SegmentFunctions.Application.Training;
using SegmentFunctions.Domain.Features;
using SegmentFunctions.Domain.Readiness;
using SegmentFunctions.Domain.Scoring;
using SegmentFunctions.Domain.Synthetic;
using SegmentFunctions.Testing;

namespace SegmentFunctions.Application.Tests.BatchScoring;

/// <summary>
/// A small seeded synthetic shop folded into feature documents at its end, and two bundles trained on them: one with
/// the churn classifier (features at End - H labelled by End) and one without (BG/NBD fallback), with other versions.
/// </summary>
public sealed class BatchScoringFixture
{
    public const int HorizonDays = 90;

    public BatchScoringFixture()
    {
        var options = new SyntheticShopOptions { Customers = 900, Seed = 17, HoldoutDays = HorizonDays };
        var shop = SyntheticShopFeatures.Fold(options, HorizonDays);
        AsOf = shop.AsOf;
        Documents = shop.AtEnd;
        // A small shop: the readiness floor on customers is lowered so that the classifier is trained.
        var classifier = new ModelBundleTrainingOptions
        {
            ChurnHorizonDays = HorizonDays, Seed = 1, Restarts = 1, Readiness = new DataReadinessOptions { MinCustomers = 500 },
        };
        WithClassifier = new ModelBundleTrainer(classifier).Train(new ModelBundleTrainingInput(shop.AtEnd, AsOf, shop.AtCutoff)).Bundle;
        if (WithClassifier.Churn is null)
        {
            throw new InvalidOperationException($"The fixture needs a churn classifier: {WithClassifier.Metrics.ChurnNotTrainedReason}");
        }

        Fallback = new ModelBundleTrainer(new ModelBundleTrainingOptions { ChurnHorizonDays = HorizonDays, Seed = 4, Restarts = 1, MaxComponents = 4 })
            .Train(new ModelBundleTrainingInput(shop.AtEnd, AsOf)).Bundle;
    }

    public DateTimeOffset AsOf { get; }
    public IReadOnlyList<CustomerFeatures> Documents { get; }
    public ModelBundle WithClassifier { get; }
    public ModelBundle Fallback { get; }
}
