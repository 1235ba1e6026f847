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
    [InlineData(" 00004 00x1 19970101  2 29.33", "customer id '00x1'")]
    [InlineData(" 00004 0001 19971301  2 29.33", "not a yyyyMMdd date")]
    [InlineData(" 00004 0001 1997-01-01  2 29.33", "not a yyyyMMdd date")]
    [InlineData(" 00004 0001 19970101  two 29.33", "CD count")]
    [InlineData(" 00004 0001 19970101  2 29;33", "is not a number")]
    [InlineData(" 00004 0001 19970101  2 NaN", "not a finite number")]
    [InlineData(" 00004 0001 19970101  2 Infinity", "not a finite number")]
    public void A_bad_line_is_reported_with_its_line_number_and_reason(string badLine, string reason)
    {
        using var reader = new StringReader($"{GoodLine}\n{GoodLine}\n\n{badLine}\n{GoodLine}\n");

        var error = Assert.Throws<TransactionFileException>(() => new CdnowTransactionReader().Read(reader).ToList());

        Assert.Equal(4, error.Number);
        Assert.Equal("line 4", error.Where);
        Assert.Contains(reason, error.Message);
        Assert.StartsWith("Line 4: ", error.Message);
    }

    [Fact]
    public void The_four_column_layout_of_the_full_file_is_read_after_an_optional_header()
    {
        using var reader = new StringReader("customer_id date cds dollars\n00001 19970101 1 11.77\n00002\t19970112\t1\t12.00\n00002 19970112 5 77.00\n");

        var transactions = new CdnowTransactionReader().Read(reader).ToList();

        Assert.Equal(
            [
                new Transaction("1", new DateTimeOffset(1997, 1, 1, 0, 0, 0, TimeSpan.Zero), 11.77m),
                new Transaction("2", new DateTimeOffset(1997, 1, 12, 0, 0, 0, TimeSpan.Zero), 12.00m),
                new Transaction("2", new DateTimeOffset(1997, 1, 12, 0, 0, 0, TimeSpan.Zero), 77.00m),
            ],
            transactions);
    }

    [Fact]
    public void A_header_on_the_five_column_layout_is_skipped_and_the_layout_is_kept_for_every_line()
    {
        using var reader = new StringReader($"master sample date cds dollars\n{GoodLine}\n00001 19970101 1 11.77\n");
        var cdnow = new CdnowTransactionReader();

        var error = Assert.Throws<TransactionFileException>(() => cdnow.Read(reader).ToList());

        Assert.Equal(3, error.Number);
        Assert.Contains("expected 5 columns", error.Reason);
    }

    [Fact]
    public void Negative_amounts_are_returns_skipped_and_counted_while_zero_amounts_are_purchases()
    {
        using var reader = new StringReader($"{GoodLine}\n 00004 0001 19970102  1   0.00\n 00004 0001 19970103  1  -14.96\n{GoodLine}\n");
        var cdnow = new CdnowTransactionReader();

        var transactions = cdnow.Read(reader).ToList();

        Assert.Equal([29.33m, 0m, 29.33m], transactions.Select(t => t.Amount));
        Assert.Equal(4, cdnow.Tally.Rows);
        Assert.Equal(1, cdnow.Tally.NotPurchases);
        Assert.Equal("line 3", cdnow.Tally.FirstNotPurchase);
        Assert.Contains("1 of 4 rows", cdnow.Tally.Warning());
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
