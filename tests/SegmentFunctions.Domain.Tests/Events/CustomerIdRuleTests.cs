using SegmentFunctions.Domain.Events;

namespace SegmentFunctions.Domain.Tests.Events;

public sealed class CustomerIdRuleTests
{
    [Theory]
    [InlineData("c-1")]
    [InlineData("a+b")]
    [InlineData("first last")]
    [InlineData("kundin-müller-東京-😀")]
    [InlineData("a=b&c;d,e@f:g")]
    public void Ids_a_route_can_address_are_valid(string id)
    {
        Assert.Null(CustomerIdRule.Problem(id));
    }

    [Theory]
    [InlineData("fz-slash/-9", "'/'")]
    [InlineData("a\\b", "'\\'")]
    [InlineData("a?b", "'?'")]
    [InlineData("a#b", "'#'")]
    [InlineData("a%2Fb", "'%'")]
    [InlineData("100%", "'%'")]
    [InlineData("", "empty")]
    [InlineData("   ", "blank")]
    [InlineData("a\u0000b", "U+0000")]
    [InlineData("a\u0085b", "U+0085")]
    public void Ids_the_api_cannot_address_are_refused_with_the_reason(string id, string reason)
    {
        Assert.Contains(reason, CustomerIdRule.Problem(id), StringComparison.Ordinal);
    }

    [Fact]
    public void Lone_surrogates_and_overlong_ids_are_refused()
    {
        Assert.Contains("lone surrogate", CustomerIdRule.Problem("a" + '\ud800' + "b"), StringComparison.Ordinal);
        Assert.Contains("lone surrogate", CustomerIdRule.Problem("a" + '\udc00'), StringComparison.Ordinal);
        Assert.Contains("257", CustomerIdRule.Problem(new string('x', 257)), StringComparison.Ordinal);
        Assert.Null(CustomerIdRule.Problem(new string('x', 256)));
    }

    [Fact]
    public void The_parser_dead_letters_an_unaddressable_customer_id_with_its_own_code()
    {
        var parsed = EventParser.Parse("""{"id":"e-1","type":"page_view","customerId":"fz-slash/-9","timestamp":"2026-03-01T10:00:00Z"}""", new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero));

        Assert.False(parsed.IsValid);
        Assert.Equal(EventRejectionCodes.InvalidCustomerId, parsed.Rejection.Code);
        Assert.Contains("'/'", parsed.Rejection.Message, StringComparison.Ordinal);
    }
}
