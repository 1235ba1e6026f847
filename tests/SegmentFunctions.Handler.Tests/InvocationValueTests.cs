using System.Text.Json;
using SegmentFunctions.Invocation;

namespace SegmentFunctions.Handler.Tests;

/// <summary>The decoding rule: a JSON string whose text parses as JSON is parsed again; event bodies stay as sent.</summary>
public sealed class InvocationValueTests
{
    [Theory]
    [InlineData("[1,2]", "[1,2]")]
    [InlineData("\"[1,2]\"", "[1,2]")]
    [InlineData("\"\\\"[1,2]\\\"\"", "[1,2]")]
    [InlineData("\"\\\"abc\\\"\"", "\"abc\"")]
    [InlineData("\"1\"", "1")]
    [InlineData("\"plain\"", "\"plain\"")]
    [InlineData("{\"a\":\"[1]\"}", "{\"a\":\"[1]\"}")]
    public void Unwrap_parses_json_strings_until_they_hold_no_more_json(string sent, string expected)
    {
        using var document = JsonDocument.Parse(sent);

        Assert.Equal(expected, InvocationValue.Unwrap(document.RootElement).GetRawText());
    }

    [Theory]
    [InlineData("\"{\\\"id\\\":1}\"", "{\"id\":1}")]
    [InlineData("\"plain text\"", "plain text")]
    [InlineData("\"{\\\"broken\\\":\"", "{\"broken\":")]
    [InlineData("\"\\\"{\\\\\\\"id\\\\\\\":1}\\\"\"", "{\"id\":1}")]
    [InlineData("\"\"", "")]
    [InlineData("{\"id\":1}", "{\"id\":1}")]
    [InlineData("17", "17")]
    public void EventBody_is_the_text_sent_by_the_producer(string element, string expectedBody)
    {
        using var document = JsonDocument.Parse(element);

        Assert.Equal(expectedBody, InvocationValue.EventBody(document.RootElement));
    }
}
