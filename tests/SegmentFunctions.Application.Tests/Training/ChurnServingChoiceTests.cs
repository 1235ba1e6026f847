using SegmentFunctions.Application.Training;
using SegmentFunctions.Domain.Models.Churn;
using SegmentFunctions.Domain.Scoring;

namespace SegmentFunctions.Application.Tests.Training;

public sealed class ChurnServingChoiceTests
{
    /// <summary>One boosted stump: two distinct scores, so it ranks customers far worse than BG/NBD does.</summary>
    private static readonly ChurnClassifierOptions Stump = new() { NumberOfTrees = 1, NumberOfLeaves = 2, MinimumExampleCountPerLeaf = 20 };

    [Fact]
    public void A_classifier_that_validates_worse_than_bgnbd_does_not_serve_and_the_report_says_why()
    {
        var shop = new SyntheticShopSnapshots();
        var options = new ModelBundleTrainingOptions { ChurnHorizonDays = SyntheticShopSnapshots.HorizonDays, Seed = 11, Churn = Stump };

        var result = new ModelBundleTrainer(options).Train(new ModelBundleTrainingInput(shop.AtTraining, shop.TrainingAsOf, shop.AtCutoff));

        var serving = Assert.IsType<ChurnServingChoice>(result.Report.ChurnServing);
        Assert.False(serving.Plan.IsRollingOrigin);
        Assert.True(serving.Classifier.RocAuc < serving.BgNbd!.RocAuc, $"classifier {serving.Classifier.RocAuc:F4}, BG/NBD {serving.BgNbd.RocAuc:F4}");
        Assert.Equal(ChurnServingRule.BgNbd, serving.Model);
        Assert.Null(result.Bundle.Churn);
        Assert.Null(result.Bundle.Metrics.ChurnGrade);
        Assert.StartsWith("BG/NBD serves churn", result.Bundle.Metrics.ChurnNotTrainedReason);
        Assert.Equal(serving.Reason, result.Bundle.Metrics.ChurnNotTrainedReason);
        var score = new CustomerScorer(result.Bundle).Score(shop.AtTraining[0], shop.TrainingAsOf);
        Assert.Equal(ChurnMethod.BgNbdFallback, score.ChurnMethod);
    }

    [Fact]
    public void A_classifier_that_validates_at_least_as_well_serves()
    {
        var shop = new SyntheticShopSnapshots();
        var options = new ModelBundleTrainingOptions { ChurnHorizonDays = SyntheticShopSnapshots.HorizonDays, Seed = 11 };

        var result = new ModelBundleTrainer(options).Train(new ModelBundleTrainingInput(shop.AtTraining, shop.TrainingAsOf, shop.AtCutoff));

        var serving = Assert.IsType<ChurnServingChoice>(result.Report.ChurnServing);
        Assert.True(serving.Classifier.RocAuc >= serving.BgNbd!.RocAuc, serving.Reason);
        Assert.True(serving.ClassifierServes);
        Assert.Same(serving.Candidate, result.Bundle.Churn);
        Assert.StartsWith("The classifier serves churn", serving.Reason);
    }
}
