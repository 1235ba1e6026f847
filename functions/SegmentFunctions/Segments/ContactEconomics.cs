namespace SegmentFunctions.Segments;

/// <summary>
/// The assumptions behind the expected value of a retention contact: the share of would-be churners a contact keeps
/// (<see cref="SaveRate"/>, 0 to 1) and what one contact costs (<see cref="ContactCost"/>, in the model's currency).
/// </summary>
public readonly record struct ContactEconomics(double SaveRate, double ContactCost)
{
    public const double DefaultSaveRate = 0.1;
    public const double DefaultContactCost = 0;

    /// <summary>
    /// P(churn) x CLV x save rate - contact cost: the value a contact is expected to keep, net of its cost. Null
    /// without a CLV (a model with no spend model), since the value at stake is then unknown.
    /// </summary>
    public double? ExpectedValue(double churnProbability, double? clv) =>
        clv is { } value ? (churnProbability * value * SaveRate) - ContactCost : null;
}
