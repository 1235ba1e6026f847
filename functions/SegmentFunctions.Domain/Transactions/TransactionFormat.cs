namespace SegmentFunctions.Domain.Transactions;

/// <summary>Formats of the transaction files the CLI reads.</summary>
public enum TransactionFormat
{
    /// <summary>
    /// The CDNOW data set: whitespace-separated, in the full file's four columns (customer id, yyyyMMdd, CDs, dollars)
    /// or the sample's five (master id, sample id, yyyyMMdd, CDs, dollars), with or without a header line.
    /// </summary>
    Cdnow,

    /// <summary>Comma-separated with a header line; the columns are found by name (<see cref="TransactionColumns"/>).</summary>
    Csv,

    /// <summary>A Parquet file; the columns are found by name (<see cref="TransactionColumns"/>).</summary>
    Parquet,
}
