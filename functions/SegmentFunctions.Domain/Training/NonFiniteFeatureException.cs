namespace SegmentFunctions.Domain.Training;

/// <summary>A feature value was NaN or infinite; such a value must never reach a model.</summary>
public sealed class NonFiniteFeatureException(string customerId, string column, double value)
    : InvalidOperationException($"Feature '{column}' of customer '{customerId}' is {value}; features must be finite.")
{
    public string CustomerId { get; } = customerId;
    public string Column { get; } = column;
}
