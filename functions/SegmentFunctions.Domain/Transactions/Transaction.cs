namespace SegmentFunctions.Domain.Transactions;

/// <summary>One purchase of a transaction file: who bought, when, and for how much (zero or more, <see cref="TransactionTally"/>).</summary>
public sealed record Transaction(string CustomerId, DateTimeOffset Timestamp, decimal Amount)
{
    /// <summary>The UTC calendar day of the purchase: the unit in which BG/NBD counts purchases.</summary>
    public DateOnly Day => DateOnly.FromDateTime(Timestamp.UtcDateTime);
}
