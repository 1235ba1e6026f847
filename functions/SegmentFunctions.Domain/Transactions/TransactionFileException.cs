namespace SegmentFunctions.Domain.Transactions;

/// <summary>A line of a transaction file that cannot be read; the message names the line and the reason.</summary>
public sealed class TransactionFileException : Exception
{
    public TransactionFileException(long lineNumber, string reason)
        : base($"Line {lineNumber}: {reason}")
    {
        LineNumber = lineNumber;
        Reason = reason;
    }

    /// <summary>One-based line number in the file.</summary>
    public long LineNumber { get; }

    /// <summary>What is wrong with the line, without the line number.</summary>
    public string Reason { get; }
}
