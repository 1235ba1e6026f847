using Microsoft.ML;
using Microsoft.ML.Data;
using SegmentFunctions.Domain.Models.Churn;

namespace SegmentFunctions.Domain.Tests.Churn;

/// <summary>
/// What ML.NET itself says about a trained <see cref="ChurnClassifier"/>: its prediction engine's raw score and
/// probability, and FeatureContributionCalculation's contributions of every feature (unnormalized, none dropped),
/// the way the classifier computed drivers before it walked the trees itself. Not thread-safe.
/// </summary>
internal sealed class MlNetReference
{
    private readonly PredictionEngine<ChurnModelInput, Output> _engine;

    public MlNetReference(ChurnClassifier classifier)
    {
        var ml = new MLContext(seed: 1);
        var width = classifier.FeatureNames.Count;
        var model = classifier.MlNetModel;
        var empty = ml.Data.LoadFromEnumerable(Array.Empty<ChurnModelInput>(), ChurnModelData.Schema(width));
        var contributions = ml.Transforms
            .CalculateFeatureContribution(model, numberOfPositiveContributions: width, numberOfNegativeContributions: width, normalize: false)
            .Fit(model.Transform(empty));
        _engine = ml.Model.CreatePredictionEngine<ChurnModelInput, Output>(model.Append(contributions), inputSchemaDefinition: ChurnModelData.Schema(width));
    }

    public Output Predict(float[] features) => _engine.Predict(new ChurnModelInput { Features = features });

    /// <summary>The drivers as the classifier defined them: positive contributions, largest first, ties to the earlier feature.</summary>
    public static int[] Drivers(float[] contributions, int top) =>
        [.. Enumerable.Range(0, contributions.Length)
            .Where(j => contributions[j] > 0)
            .OrderByDescending(j => contributions[j])
            .ThenBy(j => j)
            .Take(top)];

    internal sealed class Output
    {
        public float Score { get; set; }

        public float Probability { get; set; }

        [ColumnName("FeatureContributions")]
        public float[] Contributions { get; set; } = [];
    }
}
