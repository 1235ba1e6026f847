using SegmentFunctions.Domain.Events;
using SegmentFunctions.Testing;

namespace SegmentFunctions.Domain.Tests.Events;

public sealed class EventParserTests
{
    private static readonly DateTimeOffset Reference = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

    private const string ContractExample =
        """{"id":"e-1","type":"purchase","customerId":"c-1","timestamp":"2026-03-01T10:00:00Z","orderId":"o-1","amount":49.9,"currency":"EUR","items":[{"sku":"s1","category":"shoes","quantity":1,"price":49.9}],"channel":"web"}""";

    [Fact]
    public void A_reference_time_at_the_end_of_the_calendar_accepts_the_event_instead_of_overflowing()
    {
        var result = EventParser.Parse(ContractExample, DateTimeOffset.MaxValue);

        Assert.True(result.IsValid, result.Rejection?.ToString());
    }

    [Fact]
    public void Parses_the_contract_example()
    {
        var result = EventParser.Parse(ContractExample, Reference);

        Assert.True(result.IsValid, result.Rejection?.ToString());
        var e = result.Event;
        Assert.Equal("e-1", e.Id);
        Assert.Equal(EventType.Purchase, e.Type);
        Assert.Equal("c-1", e.CustomerId);
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero), e.Timestamp);
        Assert.Equal("o-1", e.OrderId);
        Assert.Equal(49.9m, e.Amount);
        Assert.Equal("EUR", e.Currency);
        Assert.Equal([new LineItem("s1", "shoes", 1, 49.9m)], e.Items!);
        Assert.Equal("web", e.Channel);
        Assert.Null(e.Campaign);
    }

    [Theory]
    [InlineData("session_start", EventType.SessionStart)]
    [InlineData("page_view", EventType.PageView)]
    [InlineData("product_view", EventType.ProductView)]
    [InlineData("add_to_cart", EventType.AddToCart)]
    [InlineData("remove_from_cart", EventType.RemoveFromCart)]
    [InlineData("checkout_start", EventType.CheckoutStart)]
    [InlineData("email_open", EventType.EmailOpen)]
    [InlineData("email_click", EventType.EmailClick)]
    [InlineData("support_contact", EventType.SupportContact)]
    public void Parses_every_non_order_type_without_order_fields(string wireName, EventType expected)
    {
        var body = $$"""{"id":"e-9","type":"{{wireName}}","customerId":"c-1","timestamp":"2026-03-01T10:00:00+02:00","campaign":"spring"}""";

        var result = EventParser.Parse(body, Reference);

        Assert.True(result.IsValid, result.Rejection?.ToString());
        Assert.Equal(expected, result.Event.Type);
        Assert.Equal(TimeSpan.FromHours(2), result.Event.Timestamp.Offset);
        Assert.Equal("spring", result.Event.Campaign);
    }

    [Fact]
    public void Ignores_unknown_fields_and_accepts_null_optionals()
    {
        var body = """{"id":"e-2","extra":{"nested":[1,2,{"a":null}]},"type":"refund","customerId":"c-1","timestamp":"2026-03-01T10:00:00.123-05:00","orderId":"o-1","amount":0,"currency":null,"items":null,"channel":null}""";

        var result = EventParser.Parse(body, Reference);

        Assert.True(result.IsValid, result.Rejection?.ToString());
        Assert.Equal(0m, result.Event.Amount);
        Assert.Null(result.Event.Items);
    }

    [Fact]
    public void Decodes_escaped_strings()
    {
        var body = """{"id":"e\u002d3","type":"page_view","customerId":"c-\u00e9","timestamp":"2026-03-01T10:00:00\u005a"}""";

        var result = EventParser.Parse(body, Reference);

        Assert.True(result.IsValid, result.Rejection?.ToString());
        Assert.Equal("e-3", result.Event.Id);
        Assert.Equal("c-é", result.Event.CustomerId);
    }

    public static TheoryData<string, string> BadBodies => new()
    {
        { "not json at all", EventRejectionCodes.MalformedJson },
        { "", EventRejectionCodes.MalformedJson },
        { """{"id":"e-1","type":"page_view" """, EventRejectionCodes.MalformedJson },
        { """{"id":"e-1"} {"id":"e-2"}""", EventRejectionCodes.MalformedJson },
        { """[{"id":"e-1"}]""", EventRejectionCodes.NotAnObject },
        { "42", EventRejectionCodes.NotAnObject },
        { """{"type":"page_view","customerId":"c-1","timestamp":"2026-03-01T10:00:00Z"}""", EventRejectionCodes.MissingField },
        { """{"id":"e-1","customerId":"c-1","timestamp":"2026-03-01T10:00:00Z"}""", EventRejectionCodes.MissingField },
        { """{"id":"e-1","type":"page_view","timestamp":"2026-03-01T10:00:00Z"}""", EventRejectionCodes.MissingField },
        { """{"id":"e-1","type":"page_view","customerId":"c-1"}""", EventRejectionCodes.MissingField },
        { """{"id":"e-1","type":"purchase","customerId":"c-1","timestamp":"2026-03-01T10:00:00Z","amount":5}""", EventRejectionCodes.MissingField },
        { """{"id":"e-1","type":"purchase","customerId":"c-1","timestamp":"2026-03-01T10:00:00Z","orderId":"o-1"}""", EventRejectionCodes.MissingField },
        { """{"id":"e-1","type":"refund","customerId":"c-1","timestamp":"2026-03-01T10:00:00Z","orderId":"o-1"}""", EventRejectionCodes.MissingField },
        { """{"id":"e-1","type":"purchase","customerId":"c-1","timestamp":"2026-03-01T10:00:00Z","orderId":"o-1","amount":1,"items":[{"category":"x","quantity":1,"price":1}]}""", EventRejectionCodes.MissingField },
        { """{"id":1,"type":"page_view","customerId":"c-1","timestamp":"2026-03-01T10:00:00Z"}""", EventRejectionCodes.WrongType },
        { """{"id":"e-1","type":"page_view","customerId":null,"timestamp":"2026-03-01T10:00:00Z"}""", EventRejectionCodes.WrongType },
        { """{"id":"e-1","type":"page_view","customerId":"c-1","timestamp":1735689600}""", EventRejectionCodes.WrongType },
        { """{"id":"e-1","type":"purchase","customerId":"c-1","timestamp":"2026-03-01T10:00:00Z","orderId":"o-1","amount":"49.9"}""", EventRejectionCodes.WrongType },
        { """{"id":"e-1","type":"purchase","customerId":"c-1","timestamp":"2026-03-01T10:00:00Z","orderId":"o-1","amount":1,"items":{}}""", EventRejectionCodes.WrongType },
        { """{"id":"e-1","type":"purchase","customerId":"c-1","timestamp":"2026-03-01T10:00:00Z","orderId":"o-1","amount":1,"items":[{"sku":"s","quantity":1.5,"price":1}]}""", EventRejectionCodes.OutOfRange },
        { """{"id":"e-1","type":"purchase","customerId":"c-1","timestamp":"2026-03-01T10:00:00Z","orderId":"o-1","amount":1e40}""", EventRejectionCodes.OutOfRange },
        { """{"id":"e-1","type":"purchase","customerId":"c-1","timestamp":"2026-03-01T10:00:00Z","orderId":"o-1","amount":2e20}""", EventRejectionCodes.OutOfRange },
        { """{"id":"e-1","type":"refund","customerId":"c-1","timestamp":"2026-03-01T10:00:00Z","orderId":"o-1","amount":79228162514264337593543950335}""", EventRejectionCodes.OutOfRange },
        { """{"id":"e-1","type":"purchase","customerId":"c-1","timestamp":"2026-03-01T10:00:00Z","orderId":"o-1","amount":1,"items":[{"sku":"s","quantity":1,"price":1000000000.01}]}""", EventRejectionCodes.OutOfRange },
        { """{"id":"e-1","type":"purchase","customerId":"c-1","timestamp":"2026-03-01T10:00:00Z","orderId":"o-1","amount":1,"items":[{"sku":"s","quantity":1000001,"price":1}]}""", EventRejectionCodes.OutOfRange },
        { """{"id":"e-1","type":"login","customerId":"c-1","timestamp":"2026-03-01T10:00:00Z"}""", EventRejectionCodes.UnknownEventType },
        { """{"id":"e-1","type":"Purchase","customerId":"c-1","timestamp":"2026-03-01T10:00:00Z"}""", EventRejectionCodes.UnknownEventType },
        { """{"id":"e-1","type":"purchase","customerId":"c-1","timestamp":"2026-03-01T10:00:00Z","orderId":"o-1","amount":-0.01}""", EventRejectionCodes.NegativeAmount },
        { """{"id":"e-1","type":"refund","customerId":"c-1","timestamp":"2026-03-01T10:00:00Z","orderId":"o-1","amount":-5}""", EventRejectionCodes.NegativeAmount },
        { """{"id":"e-1","type":"purchase","customerId":"c-1","timestamp":"2026-03-01T10:00:00Z","orderId":"o-1","amount":1,"items":[{"sku":"s","quantity":1,"price":-1}]}""", EventRejectionCodes.NegativeAmount },
        { """{"id":"e-1","type":"purchase","customerId":"c-1","timestamp":"2026-03-01T10:00:00Z","orderId":"o-1","amount":1,"items":[{"sku":"s","quantity":-2,"price":1}]}""", EventRejectionCodes.NegativeQuantity },
        { """{"id":"e-1","type":"page_view","customerId":"c-1","timestamp":"2026-03-01T10:00:00"}""", EventRejectionCodes.InvalidTimestamp },
        { """{"id":"e-1","type":"page_view","customerId":"c-1","timestamp":"2026-03-01"}""", EventRejectionCodes.InvalidTimestamp },
        { """{"id":"e-1","type":"page_view","customerId":"c-1","timestamp":"yesterday"}""", EventRejectionCodes.InvalidTimestamp },
        { """{"id":"e-1","type":"page_view","customerId":"c-1","timestamp":"2026-03-03T00:00:01Z"}""", EventRejectionCodes.TimestampInFuture },
        { """{"id":"","type":"page_view","customerId":"c-1","timestamp":"2026-03-01T10:00:00Z"}""", EventRejectionCodes.InvalidIdentifier },
        { """{"id":"e-1","type":"page_view","customerId":"","timestamp":"2026-03-01T10:00:00Z"}""", EventRejectionCodes.InvalidIdentifier },
        { """{"id":"e-1","type":"page_view","customerId":"c\u0000x","timestamp":"2026-03-01T10:00:00Z"}""", EventRejectionCodes.InvalidIdentifier },
        { """{"id":"e\n1","type":"page_view","customerId":"c-1","timestamp":"2026-03-01T10:00:00Z"}""", EventRejectionCodes.InvalidIdentifier },
        { $$"""{"id":"{{new string('x', 257)}}","type":"page_view","customerId":"c-1","timestamp":"2026-03-01T10:00:00Z"}""", EventRejectionCodes.InvalidIdentifier },
        { $$"""{"id":"e-1","type":"page_view","customerId":"{{new string('c', 257)}}","timestamp":"2026-03-01T10:00:00Z"}""", EventRejectionCodes.InvalidIdentifier },
        { """{"id":"e-1","type":"purchase","customerId":"c-1","timestamp":"2026-03-01T10:00:00Z","orderId":"o-1","amount":1,"currency":"euro"}""", EventRejectionCodes.InvalidCurrency },
        { """{"id":"e-1","id":"e-2","type":"page_view","customerId":"c-1","timestamp":"2026-03-01T10:00:00Z"}""", EventRejectionCodes.DuplicateField },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public void Rejects_bad_bodies_with_their_reason(string body, string expectedCode)
    {
        var result = EventParser.Parse(body, Reference);

        Assert.False(result.IsValid);
        Assert.Equal(expectedCode, result.Rejection.Code);
        Assert.False(string.IsNullOrWhiteSpace(result.Rejection.Message));
    }

    [Theory]
    [InlineData("2026-03-01T10:00:00Z", 0)]
    [InlineData("2026-03-01T10:00:00.1234567+05:30", 330)]
    [InlineData("2026-03-01T10:00:00-08:00", -480)]
    [InlineData("2026-03-01T10:00Z", 0)]
    public void Accepts_ISO_8601_timestamps_with_an_offset(string timestamp, int offsetMinutes)
    {
        var body = $$"""{"id":"e-1","type":"page_view","customerId":"c-1","timestamp":"{{timestamp}}"}""";

        var result = EventParser.Parse(body, Reference);

        Assert.True(result.IsValid, result.Rejection?.ToString());
        Assert.Equal(TimeSpan.FromMinutes(offsetMinutes), result.Event.Timestamp.Offset);
    }

    [Fact]
    public void Accepts_a_timestamp_exactly_one_day_after_the_reference()
    {
        var body = """{"id":"e-1","type":"page_view","customerId":"c-1","timestamp":"2026-03-03T00:00:00Z"}""";

        Assert.True(EventParser.Parse(body, Reference).IsValid);
        Assert.Equal(EventRejectionCodes.TimestampInFuture, EventParser.Parse(body, Reference.AddTicks(-1)).Rejection?.Code);
    }

    [Fact]
    public void Rejects_a_body_over_64_KiB_of_UTF8_even_when_it_has_fewer_characters()
    {
        // 'é' is two UTF-8 bytes: 40,000 characters of padding are 80,000 bytes.
        var padding = new string('é', 40_000);
        var body = $$"""{"id":"e-1","type":"page_view","customerId":"c-1","timestamp":"2026-03-01T10:00:00Z","note":"{{padding}}"}""";

        var result = EventParser.Parse(body, Reference);

        Assert.Equal(EventRejectionCodes.BodyTooLarge, result.Rejection?.Code);
    }

    [Fact]
    public void Accepts_a_large_body_under_the_limit()
    {
        var padding = new string('a', EventParser.MaxBodyBytes - 200);
        var body = $$"""{"id":"e-1","type":"page_view","customerId":"c-1","timestamp":"2026-03-01T10:00:00Z","note":"{{padding}}"}""";

        Assert.True(EventParser.Parse(body, Reference).IsValid);
    }

    [Fact]
    public void Rejects_invalid_UTF8_bytes_as_malformed()
    {
        byte[] body = [.. """{"id":"e-"""u8, 0xC3, 0x28, .. "\",\"type\":\"page_view\",\"customerId\":\"c-1\",\"timestamp\":\"2026-03-01T10:00:00Z\"}"u8];

        Assert.Equal(EventRejectionCodes.MalformedJson, EventParser.Parse(body, Reference).Rejection?.Code);
    }

    [Fact]
    public void Round_trips_events_written_by_the_test_producer()
    {
        var e = TestEvents.Purchase("e-7", "c-7", TestEvents.Epoch.AddHours(3), "o-7", 12.34m, "books", 3);

        var result = EventParser.Parse(TestEvents.ToJson(e), Reference);

        Assert.True(result.IsValid, result.Rejection?.ToString());
        Assert.Equal(e.Id, result.Event.Id);
        Assert.Equal(e.Timestamp, result.Event.Timestamp);
        Assert.Equal(e.Items!, result.Event.Items!);
    }
}
