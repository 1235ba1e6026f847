using System.Text;
using Parquet;
using Parquet.Schema;
using SegmentFunctions.Application.Transactions;
using SegmentFunctions.Domain.Transactions;

namespace SegmentFunctions.Application.Tests.Transactions;

public sealed class TransactionFileReaderTests
{
    private static readonly TransactionFileOptions Csv = new(TransactionFormat.Csv);

    [Fact]
    public async Task Csv_finds_the_columns_by_name_in_any_case_and_ignores_the_others()
    {
        var text = "Channel, CUSTOMERID ,Timestamp,Order,Amount\nweb,c1,2024-03-01,o1,10.50\napp,c2,2024-03-02T23:30:00-05:00,o2,2.25\n";

        var transactions = await ReadAsync(text, Csv);

        Assert.Equal(
            [
                new Transaction("c1", new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero), 10.50m),
                new Transaction("c2", new DateTimeOffset(2024, 3, 3, 4, 30, 0, TimeSpan.Zero), 2.25m),
            ],
            transactions);
    }

    [Fact]
    public async Task Csv_reads_quoted_fields_with_commas_quotes_and_line_breaks()
    {
        var text = "customerId,timestamp,amount,note\n\"Smith, J\",2024-03-01,3,\"said \"\"hi\"\"\nthen left\"\n\"O'Neil \"\"Jr\"\"\",2024-03-02,\"4.5\",x\n";

        var transactions = await ReadAsync(text, Csv);

        Assert.Equal(["Smith, J", "O'Neil \"Jr\""], transactions.Select(t => t.CustomerId));
        Assert.Equal([3m, 4.5m], transactions.Select(t => t.Amount));
    }

    [Fact]
    public async Task Csv_with_named_columns_and_a_yyyyMMdd_date_format()
    {
        var options = new TransactionFileOptions(
            TransactionFormat.Csv, new TransactionColumns("client", "order_date", "revenue"), TransactionDateFormat.Parse("yyyyMMdd"));
        var text = "order_date;client;revenue\n19970101;7;29.33\n19970118;7;29.73\n";

        var transactions = await ReadAsync(text, options);

        Assert.Equal(
            [
                new Transaction("7", new DateTimeOffset(1997, 1, 1, 0, 0, 0, TimeSpan.Zero), 29.33m),
                new Transaction("7", new DateTimeOffset(1997, 1, 18, 0, 0, 0, TimeSpan.Zero), 29.73m),
            ],
            transactions);
    }

    [Fact]
    public async Task Csv_without_a_named_column_fails_on_the_header_naming_the_column_and_the_header()
    {
        var options = Csv with { Columns = new TransactionColumns(Amount: "revenue") };

        var error = await Assert.ThrowsAsync<TransactionFileException>(() => ReadAsync("customerId,timestamp,amount\nc1,2024-03-01,1\n", options));

        Assert.Equal("line 1", error.Where);
        Assert.Contains("no amount column 'revenue'", error.Reason);
        Assert.Contains("'customerId', 'timestamp', 'amount'", error.Reason);
    }

    [Theory]
    [InlineData("c1,2024-03-01", "expected at least 3 columns")]
    [InlineData(",2024-03-01,1", "customer id is empty")]
    [InlineData("c1,01/03/2024,1", "not an ISO 8601")]
    [InlineData("c1,2024-02-30,1", "not an ISO 8601")]
    [InlineData("c1,,1", "date is empty")]
    [InlineData("c1,2024-03-01,ten", "is not a number")]
    [InlineData("c1,2024-03-01,NaN", "not a finite number")]
    public async Task A_bad_csv_line_is_reported_with_its_line_number_and_reason(string badLine, string reason)
    {
        var error = await Assert.ThrowsAsync<TransactionFileException>(
            () => ReadAsync($"customerId,timestamp,amount\nc1,2024-03-01,1\n\n{badLine}\n", Csv));

        Assert.Equal(4, error.Number);
        Assert.Contains(reason, error.Reason);
    }

    [Fact]
    public async Task Missing_and_negative_amounts_are_skipped_and_counted_zero_ones_are_purchases()
    {
        var reader = new TransactionFileReader(Csv);
        var text = "customerId,timestamp,amount\nc1,2024-03-01,5\nc1,2024-03-02,-5\nc2,2024-03-02,0\nc3,2024-03-04,\nc3,2024-03-05,7\n";

        var transactions = await ReadAsync(text, reader);

        Assert.Equal([5m, 0m, 7m], transactions.Select(t => t.Amount));
        Assert.Equal(5, reader.Tally.Rows);
        Assert.Equal(2, reader.Tally.NotPurchases);
        Assert.Equal("line 3", reader.Tally.FirstNotPurchase);
    }

    [Fact]
    public async Task Cdnow_in_either_layout_through_the_same_reader()
    {
        var cdnow = new TransactionFileOptions(TransactionFormat.Cdnow);

        var full = await ReadAsync("00001 19970101 1 11.77\n", cdnow);
        var sample = await ReadAsync(" 00004 0001 19970101  2   29.33\r\n", cdnow);

        Assert.Equal(new Transaction("1", new DateTimeOffset(1997, 1, 1, 0, 0, 0, TimeSpan.Zero), 11.77m), Assert.Single(full));
        Assert.Equal(new Transaction("1", new DateTimeOffset(1997, 1, 1, 0, 0, 0, TimeSpan.Zero), 29.33m), Assert.Single(sample));
    }

    [Fact]
    public async Task Parquet_with_named_columns_integer_ids_timestamps_and_a_null_amount()
    {
        var customer = new DataField<long>("Customer");
        var time = new DataField<DateTime>("purchased_at");
        var amount = new DataField<double?>("total");
        var extra = new DataField<string>("channel");
        using var file = new MemoryStream();
        await WriteParquetAsync(file, new ParquetSchema(customer, time, amount, extra), async group =>
        {
            await group.WriteAsync<long>(customer, new long[] { 11, 12, 11 });
            await group.WriteAsync<DateTime>(time, new[] { new DateTime(2024, 3, 1, 10, 0, 0, DateTimeKind.Utc), new DateTime(2024, 3, 2, 0, 0, 0, DateTimeKind.Utc), new DateTime(2024, 3, 9, 0, 0, 0, DateTimeKind.Utc) });
            await group.WriteAsync<double>(amount, new double?[] { 12.5, null, 3 });
            await group.WriteAsync(extra, ["web", "app", "web"]);
        });
        var reader = new TransactionFileReader(new TransactionFileOptions(
            TransactionFormat.Parquet, new TransactionColumns("customer", "purchased_at", "TOTAL"), TransactionDateFormat.Iso8601));

        var transactions = await ReadAsync(file, reader);

        Assert.Equal(
            [
                new Transaction("11", new DateTimeOffset(2024, 3, 1, 10, 0, 0, TimeSpan.Zero), 12.5m),
                new Transaction("11", new DateTimeOffset(2024, 3, 9, 0, 0, 0, TimeSpan.Zero), 3m),
            ],
            transactions);
        Assert.Equal("row 2", reader.Tally.FirstNotPurchase);
    }

    [Fact]
    public async Task Parquet_text_dates_follow_the_date_format_and_a_bad_one_names_its_row_across_row_groups()
    {
        var customer = new DataField<string>("customerId");
        var date = new DataField<int>("timestamp");
        var amount = new DataField<string>("amount");
        using var file = new MemoryStream();
        await WriteParquetAsync(
            file,
            new ParquetSchema(customer, date, amount),
            async group =>
            {
                await group.WriteAsync(customer, ["a", "b"]);
                await group.WriteAsync<int>(date, new[] { 19970101, 19970102 });
                await group.WriteAsync(amount, ["1.5", "2"]);
            },
            async group =>
            {
                await group.WriteAsync(customer, ["c"]);
                await group.WriteAsync<int>(date, new[] { 19971301 });
                await group.WriteAsync(amount, ["3"]);
            });
        var options = new TransactionFileOptions(TransactionFormat.Parquet, TransactionColumns.Default, TransactionDateFormat.Parse("yyyyMMdd"));
        var read = new List<Transaction>();

        var error = await Assert.ThrowsAsync<TransactionFileException>(async () =>
        {
            await foreach (var t in new TransactionFileReader(options).ReadAsync(file, CancellationToken.None))
            {
                read.Add(t);
            }
        });

        Assert.True(error.Where == "row 3", error.Message);
        Assert.Contains("'19971301' is not a yyyyMMdd date", error.Reason);
        Assert.Equal([new DateOnly(1997, 1, 1), new DateOnly(1997, 1, 2)], read.Select(t => t.Day));
    }

    [Fact]
    public async Task Parquet_without_a_named_column_fails_on_the_schema_naming_the_column()
    {
        var customer = new DataField<string>("customerId");
        var amount = new DataField<double>("amount");
        using var file = new MemoryStream();
        await WriteParquetAsync(file, new ParquetSchema(customer, amount), async group =>
        {
            await group.WriteAsync(customer, ["a"]);
            await group.WriteAsync<double>(amount, new[] { 1.0 });
        });

        var error = await Assert.ThrowsAsync<TransactionFileException>(() => ReadAsync(file, new TransactionFileReader(new TransactionFileOptions(TransactionFormat.Parquet))));

        Assert.Equal("schema", error.Where);
        Assert.Contains("no date column 'timestamp'", error.Reason);
    }

    [Fact]
    public async Task Cancellation_stops_a_read()
    {
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();
        using var file = new MemoryStream(Encoding.UTF8.GetBytes("customerId,timestamp,amount\nc1,2024-03-01,1\n"));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var unused in new TransactionFileReader(Csv).ReadAsync(file, cancellation.Token))
            {
                Assert.Fail($"read {unused} after cancellation");
            }
        });
    }

    private static Task<List<Transaction>> ReadAsync(string text, TransactionFileOptions options) =>
        ReadAsync(text, new TransactionFileReader(options));

    private static async Task<List<Transaction>> ReadAsync(string text, TransactionFileReader reader)
    {
        using var file = new MemoryStream(Encoding.UTF8.GetBytes(text));
        return await ReadAsync(file, reader);
    }

    private static async Task<List<Transaction>> ReadAsync(Stream file, TransactionFileReader reader)
    {
        file.Position = 0;
        var transactions = new List<Transaction>();
        await foreach (var transaction in reader.ReadAsync(file, CancellationToken.None))
        {
            transactions.Add(transaction);
        }

        return transactions;
    }

    private static async Task WriteParquetAsync(Stream file, ParquetSchema schema, params Func<ParquetRowGroupWriter, Task>[] groups)
    {
        await using (var writer = await ParquetWriter.CreateAsync(schema, file))
        {
            foreach (var write in groups)
            {
                using var group = writer.CreateRowGroup();
                await write(group);
            }
        }

        file.Position = 0;
    }
}
