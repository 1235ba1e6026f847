using SegmentFunctions.Domain.Transactions;

namespace SegmentFunctions.Domain.Tests.Transactions;

public sealed class CsvTransactionReaderTests
{
    private const string Header = "customerId,timestamp,amount";

    [Fact]
    public void Reads_dates_and_date_times_with_and_without_offsets()
    {
        var text = string.Join('\n',
            Header,
            "c1,2024-03-01,10.50",
            "c1,2024-03-02T10:15:00Z,1",
            "c2,2024-03-02T23:30:00-05:00,2.25",
            "c3,2024-03-02T08:00:00.125,0",
            "\"Smith, J\",2024-03-02T08:00,3");
        using var reader = new StringReader(text);

        var transactions = new CsvTransactionReader().Read(reader).ToList();

        Assert.Equal(5, transactions.Count);
        Assert.Equal(new Transaction("c1", new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero), 10.50m), transactions[0]);
        Assert.Equal(new DateOnly(2024, 3, 3), transactions[2].Day);
        Assert.Equal(TimeSpan.Zero, transactions[3].Timestamp.Offset);
        Assert.Equal(125, transactions[3].Timestamp.Millisecond);
        Assert.Equal("Smith, J", transactions[4].CustomerId);
    }

    [Fact]
    public async Task Reads_asynchronously_with_a_header_in_any_case()
    {
        using var reader = new StringReader("CustomerID, Timestamp ,AMOUNT\nc1,2024-03-01,10\n");

        var transactions = new List<Transaction>();
        await foreach (var t in new CsvTransactionReader().ReadAsync(reader, CancellationToken.None))
        {
            transactions.Add(t);
        }

        Assert.Equal(10m, Assert.Single(transactions).Amount);
    }

    [Theory]
    [InlineData("c1,2024-03-01", "expected 3 columns")]
    [InlineData("c1,2024-03-01,1,2", "expected 3 columns")]
    [InlineData(",2024-03-01,1", "customer id is empty")]
    [InlineData("c1,01/03/2024,1", "not an ISO 8601")]
    [InlineData("c1,2024-02-30,1", "not an ISO 8601")]
    [InlineData("c1,yesterday,1", "not an ISO 8601")]
    [InlineData("c1,2024-03-01,ten", "is not a number")]
    [InlineData("c1,2024-03-01,-0.01", "negative")]
    [InlineData("c1,2024-03-01,NaN", "not a finite number")]
    [InlineData("\"c1,2024-03-01,1", "not closed")]
    public void A_bad_line_is_reported_with_its_line_number_and_reason(string badLine, string reason)
    {
        using var reader = new StringReader($"{Header}\nc1,2024-03-01,1\n{badLine}\n");

        var error = Assert.Throws<TransactionFileException>(() => new CsvTransactionReader().Read(reader).ToList());

        Assert.Equal(3, error.LineNumber);
        Assert.Contains(reason, error.Reason);
    }

    [Fact]
    public void A_missing_or_wrong_header_is_reported_on_line_one()
    {
        using var reader = new StringReader("c1,2024-03-01,1\n");

        var error = Assert.Throws<TransactionFileException>(() => new CsvTransactionReader().Read(reader).ToList());

        Assert.Equal(1, error.LineNumber);
        Assert.Contains("header", error.Message);
    }

    [Fact]
    public async Task Cancellation_stops_an_asynchronous_read()
    {
        using var reader = new StringReader($"{Header}\nc1,2024-03-01,1\n");
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var unused in new CsvTransactionReader().ReadAsync(reader, cancellation.Token))
            {
                Assert.Fail($"read {unused} after cancellation");
            }
        });
    }
}
