namespace SegmentFunctions.Domain.Synthetic;

/// <summary>What the generator knows about one customer and a model can only estimate.</summary>
/// <param name="Segment">Name of the latent segment the customer was drawn from.</param>
/// <param name="PurchaseRatePerDay">The customer's lambda.</param>
/// <param name="DropoutProbability">The customer's p.</param>
/// <param name="DropoutAt">When the customer dropped out (the time of the purchase after which it did); null if alive at the end.</param>
/// <param name="PurchasesInHoldout">Purchases (orders) in the holdout [HoldoutStart, End).</param>
/// <param name="PurchaseDaysInHoldout">Distinct UTC purchase days in the holdout.</param>
/// <param name="ChurnedInHoldout">No purchase in the holdout: the churn label.</param>
public sealed record SyntheticCustomerTruth(
    string CustomerId,
    string Segment,
    DateTimeOffset FirstSeenAt,
    double PurchaseRatePerDay,
    double DropoutProbability,
    DateTimeOffset? DropoutAt,
    int PurchasesBeforeHoldout,
    int PurchasesInHoldout,
    int PurchaseDaysInHoldout,
    bool ChurnedInHoldout);
