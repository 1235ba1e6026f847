namespace SegmentFunctions.Application.Evaluation;

/// <summary>The transactions cannot be backtested (too few customers, no repeat buyers, an empty holdout); the message says why.</summary>
public sealed class BacktestException : Exception
{
    public BacktestException(string message)
        : base(message)
    {
    }

    public BacktestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
