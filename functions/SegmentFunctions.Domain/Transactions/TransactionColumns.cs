namespace SegmentFunctions.Domain.Transactions;

/// <summary>Where a CSV or Parquet file keeps the customer, the purchase time and the amount; names match in any case.</summary>
public sealed record TransactionColumns(string Customer = TransactionColumns.DefaultCustomer, string Date = TransactionColumns.DefaultDate, string Amount = TransactionColumns.DefaultAmount)
{
    public const string DefaultCustomer = "customerId";
    public const string DefaultDate = "timestamp";
    public const string DefaultAmount = "amount";

    public static TransactionColumns Default { get; } = new();
}
