using SegmentFunctions.Application.Training;
using SegmentFunctions.Domain.Features;
using SegmentFunctions.Domain.Readiness;
using SegmentFunctions.Domain.Scoring;
using SegmentFunctions.Domain.Synthetic;
using SegmentFunctions.Testing;

namespace SegmentFunctions.FunctionApp.Tests.Infrastructure;

/// <summary>
/// A small seeded synthetic shop folded into feature documents at its end, and two bundles trained on it once per test
/// run: <see cref="WithClassifier"/> (churn classifier, up to 3 segments) and <see cref="Fallback"/> (BG/NBD churn
/// fallback, up to 5 segments), so responses of the two versions tell apart by their segments.
/// </summary>
public sealed class ServingBundles
{
    public const int HorizonDays = 90;

    private static readonly Lazy<ServingBundles> Shared = new(() => new ServingBundles());

    private ServingBundles()
    {
        var options = new SyntheticShopOptions { Customers = 700, Seed = 23, HoldoutDays = HorizonDays };
        var shop = SyntheticShopFeatures.Fold(options, HorizonDays);
        AsOf = shop.AsOf;
        Documents = shop.AtEnd;
        var classifier = new ModelBundleTrainingOptions
        {
            ChurnHorizonDays = HorizonDays, Seed = 5, Restarts = 1, MaxComponents = 3,
            Readiness = new DataReadinessOptions { MinCustomers = 400 },
        };
        WithClassifier = new ModelBundleTrainer(classifier).Train(new ModelBundleTrainingInput(shop.AtEnd, AsOf, shop.AtCutoff)).Bundle;
        if (WithClassifier.Churn is null)
        {
            throw new InvalidOperationException($"The serving tests need a churn classifier: {WithClassifier.Metrics.ChurnNotTrainedReason}");
        }

        Fallback = new ModelBundleTrainer(new ModelBundleTrainingOptions { ChurnHorizonDays = HorizonDays, Seed = 6, Restarts = 1, MaxComponents = 5 })
            .Train(new ModelBundleTrainingInput(shop.AtEnd, AsOf)).Bundle;
        if (Fallback.Segments.Count == WithClassifier.Segments.Count)
        {
            throw new InvalidOperationException("The two serving bundles must differ in their number of segments.");
        }
    }

    public static ServingBundles Instance => Shared.Value;

    public DateTimeOffset AsOf { get; }
    public IReadOnlyList<CustomerFeatures> Documents { get; }
    public ModelBundle WithClassifier { get; }
    public ModelBundle Fallback { get; }
}
