using SegmentFunctions.Application.Training;

namespace SegmentFunctions.Application.Tests.Training;

/// <summary>One bundle trained on the synthetic shop as of End - H with the churn classifier, shared by a test class.</summary>
public sealed class TrainedBundleFixture
{
    public TrainedBundleFixture()
    {
        Shop = new SyntheticShopSnapshots();
        Options = new ModelBundleTrainingOptions { ChurnHorizonDays = SyntheticShopSnapshots.HorizonDays, Seed = 11 };
        Result = new ModelBundleTrainer(Options).Train(new ModelBundleTrainingInput(Shop.AtTraining, Shop.TrainingAsOf, Shop.AtCutoff));
    }

    public SyntheticShopSnapshots Shop { get; }
    public ModelBundleTrainingOptions Options { get; }
    public ModelBundleTrainingResult Result { get; }
}
