using SegmentFunctions.Cli.Report;

namespace SegmentFunctions.Cli.Tests.Report;

public sealed class ReportFormatTests
{
    [Fact]
    public void Long_segment_names_wrap_at_spaces_into_short_lines()
    {
        var wrapped = ReportFormat.Wrap("At risk, high value (higher cart conversion)");

        Assert.Equal("At risk,\nhigh value\n(higher\ncart\nconversion)", wrapped);
        Assert.Equal("Champions", ReportFormat.Wrap("Champions"));
    }
}
