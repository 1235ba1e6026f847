using SegmentFunctions.Domain.Transactions;
using SegmentFunctions.Testing;

namespace SegmentFunctions.Domain.Tests.Transactions;

public sealed class CdnowTransactionReaderTests
{
    private const string GoodLine = " 00004 0001 19970101  2   29.33";

    [Fact]
    public void Reads_every_line_of_the_CDNOW_sample()
    {
        using var reader = File.OpenText(RepositoryPaths.Cdnow("CDNOW_sample.txt"));

        var transactions = new CdnowTransactionReader().Read(reader).ToList();

        Assert.Equal(6919, transactions.Count);
        Assert.Equal(new Transaction("1", new DateTimeOffset(1997, 1, 1, 0, 0, 0, TimeSpan.Zero), 29.33m), transactions[0]);
        Assert.Equal(2357, transactions.Select(t => t.CustomerId).Distinct().Count());
        Assert.All(transactions, t => Assert.True(t.Amount >= 0));
    }

    [Fact]
    public async Task Reads_asynchronously_the_same_transactions()
    {
        using var reader = new StringReader($"{GoodLine}\n\n 00021 0002 19970102  3   63.34\n");

        var transactions = new List<Transaction>();
        await foreach (var t in new CdnowTransactionReader().ReadAsync(reader, CancellationToken.None))
        {
            transactions.Add(t);
        }

        Assert.Equal(["1", "2"], transactions.Select(t => t.CustomerId));
        Assert.Equal(new DateOnly(1997, 1, 2), transactions[1].Day);
    }

    [Theory]
    [InlineData(" 00004 0001 19970101  2", "expected 5 columns")]
    [InlineData(" 00004 0001 19970101  2 29.33 7", "expected 5 columns")]
    [InlineData(" 00004 00x1 19970101  2 29.33", "sample customer id")]
    [InlineData(" 00004 0001 19971301  2 29.33", "not a yyyyMMdd date")]
    [InlineData(" 00004 0001 1997-01-01  2 29.33", "not a yyyyMMdd date")]
    [InlineData(" 00004 0001 19970101  two 29.33", "CD count")]
    [InlineData(" 00004 0001 19970101  2 29,33", "is not a number")]
    [InlineData(" 00004 0001 19970101  2 -5.00", "negative")]
    [InlineData(" 00004 0001 19970101  2 NaN", "not a finite number")]
    [InlineData(" 00004 0001 19970101  2 Infinity", "not a finite number")]
    public void A_bad_line_is_reported_with_its_line_number_and_reason(string badLine, string reason)
    {
        using var reader = new StringReader($"{GoodLine}\n{GoodLine}\n\n{badLine}\n{GoodLine}\n");

        var error = Assert.Throws<TransactionFileException>(() => new CdnowTransactionReader().Read(reader).ToList());

        Assert.Equal(4, error.LineNumber);
        Assert.Contains(reason, error.Message);
        Assert.StartsWith("Line 4: ", error.Message);
    }

    [Fact]
    public void Lines_before_a_bad_line_are_delivered_as_the_stream_is_read()
    {
        using var reader = new StringReader($"{GoodLine}\nbroken\n");
        using var enumerator = new CdnowTransactionReader().Read(reader).GetEnumerator();

        Assert.True(enumerator.MoveNext());
        Assert.Equal("1", enumerator.Current.CustomerId);
        Assert.Throws<TransactionFileException>(() => enumerator.MoveNext());
    }
}
