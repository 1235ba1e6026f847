using System.Text.Json;
using SegmentFunctions.Ingestion;

namespace SegmentFunctions.FunctionApp.Tests;

/// <summary>The decoding rule: a JSON string whose text parses as JSON is parsed again; event bodies stay as sent.</summary>
public sealed class BindingDataValueTests
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

        Assert.Equal(expected, BindingDataValue.Unwrap(document.RootElement).GetRawText());
    }

    [Theory]
    [InlineData("{\"id\":1}", "{\"id\":1}")]
    [InlineData("plain text", "plain text")]
    [InlineData("{\"broken\":", "{\"broken\":")]
    [InlineData("\"{\\\"id\\\":1}\"", "{\"id\":1}")]
    [InlineData("", "")]
    [InlineData("17", "17")]
    [InlineData("\"just a quoted string\"", "just a quoted string")]
    public void EventBody_is_the_text_sent_by_the_producer(string bound, string expectedBody)
    {
        Assert.Equal(expectedBody, BindingDataValue.EventBody(bound));
    }

    [Fact]
    public void Values_the_worker_hands_over_typed_read_as_json()
    {
        Assert.Equal("[1,2]", BindingDataValue.ToJson(new List<long> { 1, 2 })!.Value.GetRawText());
        Assert.Equal("[\"a\",null]", BindingDataValue.ToJson(new[] { "a", null })!.Value.GetRawText());
        Assert.Equal("42", BindingDataValue.ToJson(42L)!.Value.GetRawText());
        Assert.Equal("\"not json\"", BindingDataValue.ToJson("not json")!.Value.GetRawText());
        Assert.Null(BindingDataValue.ToJson(null));
        Assert.Null(BindingDataValue.ToJson(new object()));
    }

    [Theory]
    [InlineData("\"@\"")]
    [InlineData("{\"PartitionId\":\"@\"}")]
    [InlineData("x@")]
    public void Text_that_is_not_well_formed_unicode_reads_as_plain_text_and_does_not_throw(string template)
    {
        // Attribute arguments are stored as UTF-8, which cannot hold a lone surrogate; it is put in here.
        var text = template.Replace('@', '\ud800');

        Assert.Equal(System.Text.Json.JsonValueKind.String, BindingDataValue.ToJson(text)!.Value.ValueKind);
        Assert.Equal(text, BindingDataValue.EventBody(text));
    }
}
