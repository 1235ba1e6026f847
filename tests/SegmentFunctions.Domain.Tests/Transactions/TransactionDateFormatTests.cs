using SegmentFunctions.Domain.Transactions;

namespace SegmentFunctions.Domain.Tests.Transactions;

public sealed class TransactionDateFormatTests
{
    [Theory]
    [InlineData("2024-03-01", "2024-03-01T00:00:00+00:00")]
    [InlineData("2024-03-02T10:15:00Z", "2024-03-02T10:15:00+00:00")]
    [InlineData("2024-03-02T23:30:00-05:00", "2024-03-03T04:30:00+00:00")]
    [InlineData("2024-03-02T08:00:00.125", "2024-03-02T08:00:00.125+00:00")]
    [InlineData("2024-03-02 08:00", "2024-03-02T08:00:00+00:00")]
    public void Iso_8601_reads_dates_and_date_times_as_utc(string text, string expected)
    {
        Assert.True(TransactionDateFormat.Iso8601.TryParse(text, out var timestamp));
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), timestamp);
        Assert.Equal(TimeSpan.Zero, timestamp.Offset);
    }

    [Theory]
    [InlineData("iso", "19970101", false)]
    [InlineData("yyyyMMdd", "19970101", true)]
    [InlineData("yyyyMMdd", "1997-01-01", false)]
    [InlineData("dd/MM/yyyy", "01/02/1997", true)]
    [InlineData("MM/dd/yyyy HH:mm", "02/01/1997 13:45", true)]
    public void A_custom_pattern_reads_only_its_own_dates(string format, string text, bool readable)
    {
        var parsed = TransactionDateFormat.Parse(format).TryParse(text, out var timestamp);

        Assert.Equal(readable, parsed);
        if (readable)
        {
            Assert.Equal(1997, timestamp.Year);
            Assert.Equal(TimeSpan.Zero, timestamp.Offset);
        }
    }

    [Fact]
    public void The_day_month_order_follows_the_pattern()
    {
        Assert.True(TransactionDateFormat.Parse("dd/MM/yyyy").TryParse("01/02/1997", out var european));
        Assert.True(TransactionDateFormat.Parse("MM/dd/yyyy").TryParse("01/02/1997", out var american));

        Assert.Equal(new DateTimeOffset(1997, 2, 1, 0, 0, 0, TimeSpan.Zero), european);
        Assert.Equal(new DateTimeOffset(1997, 1, 2, 0, 0, 0, TimeSpan.Zero), american);
    }

    [Theory]
    [InlineData("d")]
    [InlineData("yyyy-MM-dd %")]
    public void A_pattern_that_is_not_one_is_refused(string format) =>
        Assert.Throws<FormatException>(() => TransactionDateFormat.Parse(format));
}
