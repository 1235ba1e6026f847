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
    private readonly PredictionEngine<Input, Output> _engine;

    public MlNetReference(ChurnClassifier classifier)
    {
        var ml = new MLContext(seed: 1);
        var width = classifier.FeatureNames.Count;
        var model = classifier.MlNetModel;
        var empty = ml.Data.LoadFromEnumerable(Array.Empty<Input>(), InputSchema(width));
        var contributions = ml.Transforms
            .CalculateFeatureContribution(model, numberOfPositiveContributions: width, numberOfNegativeContributions: width, normalize: false)
            .Fit(model.Transform(empty));
        _engine = ml.Model.CreatePredictionEngine<Input, Output>(model.Append(contributions), inputSchemaDefinition: InputSchema(width));
    }

    public Output Predict(float[] features) => _engine.Predict(new Input { Features = features });

    /// <summary>The classifier's input columns (<see cref="ChurnTrainingView.SchemaOf"/>) as a row class's schema.</summary>
    private static SchemaDefinition InputSchema(int features)
    {
        var schema = SchemaDefinition.Create(typeof(Input));
        schema[nameof(Input.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, features);
        return schema;
    }

    /// <summary>The drivers as the classifier defined them: positive contributions, largest first, ties to the earlier feature.</summary>
    public static int[] Drivers(float[] contributions, int top) =>
        [.. Enumerable.Range(0, contributions.Length)
            .Where(j => contributions[j] > 0)
            .OrderByDescending(j => contributions[j])
            .ThenBy(j => j)
            .Take(top)];

    internal sealed class Input
    {
        [ColumnName(ChurnTrainingView.LabelColumn)]
        public bool Label { get; set; }

        [ColumnName(ChurnTrainingView.FeaturesColumn)]
        [VectorType]
        public float[] Features { get; set; } = [];
    }

    internal sealed class Output
    {
        public float Score { get; set; }

        public float Probability { get; set; }

        [ColumnName("FeatureContributions")]
        public float[] Contributions { get; set; } = [];
    }
}
