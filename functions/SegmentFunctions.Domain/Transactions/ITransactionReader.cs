namespace SegmentFunctions.Domain.Transactions;

/// <summary>Reads a transaction file one line at a time; a bad line throws <see cref="TransactionFileException"/>.</summary>
public interface ITransactionReader
{
    IEnumerable<Transaction> Read(TextReader reader);

    IAsyncEnumerable<Transaction> ReadAsync(TextReader reader, CancellationToken cancellationToken);
}
