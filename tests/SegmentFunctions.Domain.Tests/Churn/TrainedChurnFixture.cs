using SegmentFunctions.Domain.Models.Churn;
using SegmentFunctions.Domain.Training;

namespace SegmentFunctions.Domain.Tests.Churn;

/// <summary>One classifier trained on 70% of a 5,000-customer synthetic shop, shared by the tests of a class.</summary>
public sealed class TrainedChurnFixture
{
    public TrainedChurnFixture()
    {
        Data = SyntheticChurnData.Create(customers: 5_000, seed: 11);
        var dataset = Data.Dataset();
        (Train, Test) = dataset.Split(testShare: 0.3, seed: 5);
        Classifier = new ChurnClassifierTrainer().Train(Train);
    }

    internal SyntheticChurnData Data { get; }
    public ChurnDataset Train { get; }
    public ChurnDataset Test { get; }
    public ChurnClassifier Classifier { get; }
}
