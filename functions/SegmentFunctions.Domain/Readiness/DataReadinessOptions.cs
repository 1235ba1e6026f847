namespace SegmentFunctions.Domain.Readiness;

/// <summary>Minimum data a churn classifier needs; bound from configuration.</summary>
public sealed record DataReadinessOptions
{
    /// <summary>Customers seen before the cut-off T - H.</summary>
    public int MinCustomers { get; init; } = 1_000;
    /// <summary>Customers with at least two purchase days before the cut-off.</summary>
    public int MinRepeatBuyers { get; init; } = 200;
    /// <summary>History before the cut-off T - H, as a multiple of the prediction window H, for a single cut-off;
    /// shorter histories train on a rolling origin (<see cref="Training.ChurnTrainingPlanner"/>).</summary>
    public double MinHistoryInHorizons { get; init; } = 2.0;
    /// <summary>Largest share of documents missing a first-seen or last-seen time.</summary>
    public double MaxMissingShare { get; init; } = 0.05;
    /// <summary>Fewest churners and fewest non-churners among the labelled customers.</summary>
    public int MinPerClass { get; init; } = 50;
}
