namespace SegmentFunctions.Domain.Models.Churn;

/// <summary>Hyper-parameters of the FastTree churn classifier (gradient-boosted trees, Platt-calibrated).</summary>
public sealed record ChurnClassifierOptions
{
    public int NumberOfTrees { get; init; } = 100;
    public int NumberOfLeaves { get; init; } = 16;
    public int MinimumExampleCountPerLeaf { get; init; } = 20;
    public double LearningRate { get; init; } = 0.1;
    public int Seed { get; init; } = 1;
    /// <summary>Drivers reported per customer by <see cref="ChurnClassifier.Explain"/>.</summary>
    public int TopDrivers { get; init; } = 3;
}
