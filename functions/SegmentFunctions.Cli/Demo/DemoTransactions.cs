using SegmentFunctions.Domain.Transactions;

namespace SegmentFunctions.Cli.Demo;

/// <summary>A real transaction file the demo runs on instead of a synthetic shop.</summary>
internal sealed record DemoTransactions(FileInfo File, TransactionFileOptions Options);
