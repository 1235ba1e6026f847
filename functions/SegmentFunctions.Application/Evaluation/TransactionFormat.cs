namespace SegmentFunctions.Application.Evaluation;

/// <summary>Formats of transaction files a backtest reads.</summary>
public enum TransactionFormat
{
    /// <summary>The CDNOW sample: whitespace-separated, no header.</summary>
    Cdnow,

    /// <summary>customerId,timestamp,amount with a header.</summary>
    Csv,
}
