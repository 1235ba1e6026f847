namespace SegmentFunctions.Domain.Transactions;

/// <summary>How to read a transaction file: its format, and for CSV and Parquet its columns and date format.</summary>
public sealed record TransactionFileOptions(TransactionFormat Format, TransactionColumns Columns, TransactionDateFormat DateFormat)
{
    public TransactionFileOptions(TransactionFormat format)
        : this(format, TransactionColumns.Default, TransactionDateFormat.Iso8601)
    {
    }
}
