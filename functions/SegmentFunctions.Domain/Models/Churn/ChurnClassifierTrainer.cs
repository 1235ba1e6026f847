using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;
using SegmentFunctions.Domain.Training;

namespace SegmentFunctions.Domain.Models.Churn;

/// <summary>
/// Trains the churn classifier: ML.NET FastTree gradient-boosted trees (Friedman, 2001) on the table's columns,
/// with the trainer's Platt calibrator (Platt, 1999) mapping scores to probabilities.
/// </summary>
public sealed class ChurnClassifierTrainer(ChurnClassifierOptions? options = null)
{
    private const int MinimumPerClass = 10;
    private readonly ChurnClassifierOptions _options = options ?? new ChurnClassifierOptions();

    /// <remarks>ML.NET cannot interrupt a fit, so cancellation is observed before and after it.</remarks>
    /// <exception cref="ArgumentException">Fewer than 10 churners or non-churners: nothing to learn.</exception>
    public ChurnClassifier Train(ChurnDataset train, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        var churners = train.Churned.Count(c => c);
        if (churners < MinimumPerClass || train.Count - churners < MinimumPerClass)
        {
            throw new ArgumentException(
                $"Training needs at least {MinimumPerClass} churners and {MinimumPerClass} non-churners; got {churners} and {train.Count - churners}.",
                nameof(train));
        }

        var ml = new MLContext(_options.Seed);
        cancellationToken.ThrowIfCancellationRequested();
        var data = new ChurnTrainingView(train.Features, train.Churned);
        var trainer = ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
        {
            LabelColumnName = ChurnTrainingView.LabelColumn,
            FeatureColumnName = ChurnTrainingView.FeaturesColumn,
            NumberOfTrees = _options.NumberOfTrees,
            NumberOfLeaves = _options.NumberOfLeaves,
            MinimumExampleCountPerLeaf = _options.MinimumExampleCountPerLeaf,
            LearningRate = _options.LearningRate,
        });
        var scoring = trainer.Fit(data);
        cancellationToken.ThrowIfCancellationRequested();

        var drivers = Math.Min(_options.TopDrivers, train.Features.ColumnCount);

        var weights = default(VBuffer<float>);
        scoring.Model.SubModel.GetFeatureWeights(ref weights);
        var gains = weights.DenseValues().Select(w => (double)Math.Max(0f, w)).ToArray();
        var total = gains.Sum();
        var importance = train.Features.ColumnNames
            .Select((name, j) => new FeatureImportance(name, total > 0 ? gains[j] / total : 0))
            .OrderByDescending(f => f.Share)
            .ToArray();

        var metadata = new ChurnModelMetadata(ChurnClassifier.FormatVersion, train.Features.ColumnNames, train.HorizonDays, train.Features.TimeUnit, importance, drivers);
        return new ChurnClassifier(ml, scoring, data.Schema, metadata);
    }
}
