namespace SegmentFunctions.Cli.Commands;

/// <summary>Process exit codes of `segment`.</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    /// <summary>The work failed (a store stayed unavailable, a benchmark threw).</summary>
    public const int Failure = 1;
    /// <summary>The command line or an input file is wrong; nothing was done.</summary>
    public const int Usage = 2;
    /// <summary>Stopped by Ctrl+C or SIGTERM before the end (128 + SIGINT, as shells report it); the work in hand was finished.</summary>
    public const int Interrupted = 130;
}
