namespace SegmentFunctions.Domain.Transactions;

/// <summary>A part of a transaction file that cannot be read; the message names where (line, row or header) and why.</summary>
public sealed class TransactionFileException : Exception
{
    private TransactionFileException(string where, long number, string reason)
        : base($"{char.ToUpperInvariant(where[0])}{where[1..]}: {reason}")
    {
        Where = where;
        Number = number;
        Reason = reason;
    }

    /// <summary>Where in the file: "line 12" (text files), "row 12" (Parquet) or "schema".</summary>
    public string Where { get; }

    /// <summary>One-based line or row number; 0 for the Parquet schema.</summary>
    public long Number { get; }

    /// <summary>What is wrong, without the place.</summary>
    public string Reason { get; }

    public static TransactionFileException AtLine(long line, string reason) => new($"line {line}", line, reason);

    public static TransactionFileException AtRow(long row, string reason) => new($"row {row}", row, reason);

    public static TransactionFileException InSchema(string reason) => new("schema", 0, reason);
}
