using System.Runtime.CompilerServices;
using System.Text;
using SegmentFunctions.Domain.Transactions;

namespace SegmentFunctions.Application.Transactions;

/// <summary>
/// The one reader of transaction files (`segment evaluate`, `segment demo --transactions`): streams the purchases of a
/// CDNOW, CSV or Parquet file as <see cref="TransactionFileOptions"/> describes it. A bad line or row throws
/// <see cref="TransactionFileException"/> naming it; rows that are not purchases (missing or negative amount) are
/// skipped and counted in <see cref="Tally"/>.
/// </summary>
public sealed class TransactionFileReader(TransactionFileOptions options)
{
    private TransactionTally? _tally;

    /// <summary>What the last read found; empty before a read.</summary>
    public TransactionTally Tally => _tally ?? new TransactionTally();

    /// <param name="file">The file's bytes; seekable for Parquet. Left open.</param>
    public async IAsyncEnumerable<Transaction> ReadAsync(Stream file, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (options.Format == TransactionFormat.Parquet)
        {
            var parquet = new ParquetTransactionReader(options.Columns, options.DateFormat);
            _tally = parquet.Tally;
            await foreach (var transaction in parquet.ReadAsync(file, cancellationToken).ConfigureAwait(false))
            {
                yield return transaction;
            }

            yield break;
        }

        if (options.Format == TransactionFormat.Csv)
        {
            var csv = new CsvTransactionReader(options.Columns, options.DateFormat);
            _tally = csv.Tally;
            await foreach (var transaction in csv.ReadAsync(file, cancellationToken).ConfigureAwait(false))
            {
                yield return transaction;
            }

            yield break;
        }

        using var text = new StreamReader(file, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16, leaveOpen: true);
        var cdnow = new CdnowTransactionReader();
        _tally = cdnow.Tally;
        await foreach (var transaction in cdnow.ReadAsync(text, cancellationToken).ConfigureAwait(false))
        {
            yield return transaction;
        }
    }

    /// <summary>Opens <paramref name="path"/> for a sequential read.</summary>
    public static FileStream Open(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
}
