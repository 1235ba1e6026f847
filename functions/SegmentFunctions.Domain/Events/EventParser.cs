using System.Buffers;
using System.Text;
using System.Text.Json;

namespace SegmentFunctions.Domain.Events;

/// <summary>
/// Decodes and validates one event body of contract v1 (docs/event-contract.md) into a <see cref="CustomerEvent"/>,
/// or says why it is rejected. A forward-only <see cref="Utf8JsonReader"/> over pooled UTF-8 bytes: no reflection and
/// no intermediate DOM, because every ingested event passes here.
/// </summary>
public static class EventParser
{
    /// <summary>Largest accepted body in UTF-8 bytes (64 KiB).</summary>
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>Longest accepted identifier or text field, in UTF-16 characters.</summary>
    public const int MaxTextLength = 256;

    /// <summary>How far after the reference time an event timestamp may lie (producer clock skew).</summary>
    public static readonly TimeSpan MaxFutureSkew = TimeSpan.FromDays(1);

    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 8 };

    private static readonly byte[][] TypeNamesUtf8 = [.. EventTypeNames.All.Select(Encoding.UTF8.GetBytes)];

    /// <summary>Parses a body given as a string.</summary>
    /// <param name="referenceTime">
    /// Time the future-timestamp rule is checked against: the event's enqueued time when known, so that a replay
    /// decides as the first delivery did.
    /// </param>
    public static EventParseResult Parse(string body, DateTimeOffset referenceTime)
    {
        ArgumentNullException.ThrowIfNull(body);
        // A UTF-16 code unit never encodes to fewer than one UTF-8 byte, so this rejects before encoding anything.
        if (body.Length > MaxBodyBytes)
        {
            return TooLarge(Encoding.UTF8.GetByteCount(body));
        }

        var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(body.Length));
        try
        {
            // Not replacing invalid sequences: a lone surrogate turned into U+FFFD would apply the event under an id
            // or value the producer never sent.
            return System.Text.Unicode.Utf8.FromUtf16(body, buffer, out _, out var length, replaceInvalidSequences: false) == System.Buffers.OperationStatus.Done
                ? Parse(buffer.AsSpan(0, length), referenceTime)
                : EventParseResult.Rejected(EventRejectionCodes.MalformedJson, "The body is not well-formed Unicode: it holds a lone surrogate.");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Parses a body given as UTF-8 bytes.</summary>
    public static EventParseResult Parse(ReadOnlySpan<byte> utf8, DateTimeOffset referenceTime)
    {
        if (utf8.Length > MaxBodyBytes)
        {
            return TooLarge(utf8.Length);
        }

        try
        {
            return ParseDocument(utf8, referenceTime);
        }
        catch (JsonException ex)
        {
            return EventParseResult.Rejected(EventRejectionCodes.MalformedJson, $"The body is not valid JSON: {ex.Message}");
        }
        catch (InvalidOperationException ex)
        {
            // Utf8JsonReader reports invalid UTF-8 inside a string this way.
            return EventParseResult.Rejected(EventRejectionCodes.MalformedJson, $"The body is not valid UTF-8 JSON: {ex.Message}");
        }
    }

    private static EventParseResult TooLarge(int bytes) =>
        EventParseResult.Rejected(EventRejectionCodes.BodyTooLarge, $"The body is {bytes} bytes of UTF-8; the limit is {MaxBodyBytes}.");

    private static EventParseResult ParseDocument(ReadOnlySpan<byte> utf8, DateTimeOffset referenceTime)
    {
        var reader = new Utf8JsonReader(utf8, ReaderOptions);
        if (!reader.Read())
        {
            return EventParseResult.Rejected(EventRejectionCodes.MalformedJson, "The body is empty.");
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return EventParseResult.Rejected(EventRejectionCodes.NotAnObject, $"The body must be a JSON object, not {Describe(reader.TokenType)}.");
        }

        var fields = new EventFields();
        var seen = EventField.None;
        while (ReadRequired(ref reader) != JsonTokenType.EndObject)
        {
            var field = MatchEventField(ref reader);
            ReadRequired(ref reader);
            if (field == EventField.None)
            {
                reader.Skip();
                continue;
            }

            if ((seen & field) != 0)
            {
                return EventParseResult.Rejected(EventRejectionCodes.DuplicateField, $"Field '{Name(field)}' appears more than once.");
            }

            seen |= field;
            var rejection = ReadEventField(ref reader, field, ref fields);
            if (rejection is not null)
            {
                return EventParseResult.Rejected(rejection.Code, rejection.Message);
            }
        }

        if (reader.Read())
        {
            return EventParseResult.Rejected(EventRejectionCodes.MalformedJson, "The body holds more than one JSON value.");
        }

        return Validate(ref fields, referenceTime);
    }

    private static EventParseResult Validate(ref EventFields f, DateTimeOffset referenceTime)
    {
        if (f.Id is null) return Missing("id");
        if (f.Type is not { } type) return Missing("type");
        if (f.CustomerId is null) return Missing("customerId");
        if (f.Timestamp is not { } timestamp) return Missing("timestamp");

        if (type is EventType.Purchase or EventType.Refund)
        {
            if (f.OrderId is null) return Missing("orderId", type);
            if (f.Amount is null) return Missing("amount", type);
        }

        if (f.Amount is < 0m)
        {
            return EventParseResult.Rejected(EventRejectionCodes.NegativeAmount, $"Field 'amount' must not be negative (was {f.Amount}).");
        }

        if (f.Amount > EventBounds.MaxAmount)
        {
            return EventParseResult.Rejected(EventRejectionCodes.OutOfRange, $"Field 'amount' must be at most 1,000,000,000 (was {f.Amount}).");
        }

        // Subtracting, not adding, so a reference near DateTimeOffset.MaxValue cannot overflow.
        if (timestamp - referenceTime > MaxFutureSkew)
        {
            return EventParseResult.Rejected(
                EventRejectionCodes.TimestampInFuture,
                $"Field 'timestamp' ({timestamp:O}) is more than {MaxFutureSkew.TotalHours:0} hours after the reference time {referenceTime:O}.");
        }

        return EventParseResult.Valid(new CustomerEvent
        {
            Id = f.Id,
            Type = type,
            CustomerId = f.CustomerId,
            Timestamp = timestamp,
            OrderId = f.OrderId,
            Amount = f.Amount,
            Currency = f.Currency,
            Items = f.Items,
            Channel = f.Channel,
            Campaign = f.Campaign,
        });
    }

    private static EventParseResult Missing(string field, EventType? type = null) =>
        EventParseResult.Rejected(
            EventRejectionCodes.MissingField,
            type is { } t ? $"Field '{field}' is required for '{t.ToWireName()}' events." : $"Field '{field}' is required.");

    private static EventRejection? ReadEventField(ref Utf8JsonReader reader, EventField field, ref EventFields f)
    {
        switch (field)
        {
            case EventField.Id:
                return ReadText(ref reader, "id", nullable: false, pooled: false, out f.Id);
            case EventField.CustomerId:
                return ReadText(ref reader, "customerId", nullable: false, pooled: false, out f.CustomerId)
                    ?? (CustomerIdRule.Problem(f.CustomerId) is { } problem ? new EventRejection(EventRejectionCodes.InvalidCustomerId, $"Field 'customerId': {problem}") : null);
            case EventField.OrderId:
                return ReadText(ref reader, "orderId", nullable: true, pooled: false, out f.OrderId);
            case EventField.Channel:
                return ReadText(ref reader, "channel", nullable: true, pooled: true, out f.Channel);
            case EventField.Campaign:
                return ReadText(ref reader, "campaign", nullable: true, pooled: true, out f.Campaign);
            case EventField.Type:
                return ReadType(ref reader, out f.Type);
            case EventField.Timestamp:
                return ReadTimestamp(ref reader, out f.Timestamp);
            case EventField.Amount:
                return ReadDecimal(ref reader, "amount", nullable: true, out f.Amount);
            case EventField.Currency:
                return ReadCurrency(ref reader, out f.Currency);
            case EventField.Items:
                return ReadItems(ref reader, out f.Items);
            default:
                throw new ArgumentOutOfRangeException(nameof(field), field, "Not an event field.");
        }
    }

    private static EventRejection? ReadType(ref Utf8JsonReader reader, out EventType? type)
    {
        type = null;
        if (reader.TokenType != JsonTokenType.String)
        {
            return WrongType("type", "a string", reader.TokenType);
        }

        for (var i = 0; i < TypeNamesUtf8.Length; i++)
        {
            if (reader.ValueTextEquals(TypeNamesUtf8[i]))
            {
                type = (EventType)i;
                return null;
            }
        }

        var name = reader.GetString();
        return new EventRejection(
            EventRejectionCodes.UnknownEventType,
            $"Event type '{Truncate(name)}' is not one of: {string.Join(", ", EventTypeNames.All)}.");
    }

    private static EventRejection? ReadTimestamp(ref Utf8JsonReader reader, out DateTimeOffset? timestamp)
    {
        timestamp = null;
        if (reader.TokenType != JsonTokenType.String)
        {
            return WrongType("timestamp", "an ISO 8601 string", reader.TokenType);
        }

        Span<byte> text = stackalloc byte[64];
        int length;
        if (reader.ValueSpan.Length > text.Length)
        {
            return InvalidTimestamp("it is too long for an ISO 8601 date-time");
        }

        if (reader.ValueIsEscaped)
        {
            length = reader.CopyString(text);
        }
        else
        {
            reader.ValueSpan.CopyTo(text);
            length = reader.ValueSpan.Length;
        }

        if (!reader.TryGetDateTimeOffset(out var value))
        {
            return InvalidTimestamp($"'{Encoding.UTF8.GetString(text[..length])}' is not an ISO 8601 date-time");
        }

        if (!HasExplicitOffset(text[..length]))
        {
            return InvalidTimestamp($"'{Encoding.UTF8.GetString(text[..length])}' has no UTC offset ('Z' or '+hh:mm')");
        }

        timestamp = value;
        return null;
    }

    private static bool HasExplicitOffset(ReadOnlySpan<byte> text) =>
        text.Length > 0 && (text[^1] == (byte)'Z'
                            || (text.Length >= 6 && text[^6] is (byte)'+' or (byte)'-' && text[^3] == (byte)':'));

    private static EventRejection InvalidTimestamp(string why) =>
        new(EventRejectionCodes.InvalidTimestamp, $"Field 'timestamp' is invalid: {why}.");

    private static EventRejection? ReadCurrency(ref Utf8JsonReader reader, out string? currency)
    {
        currency = null;
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            return WrongType("currency", "a string", reader.TokenType);
        }

        if (!reader.ValueIsEscaped && reader.ValueSpan is [>= (byte)'A' and <= (byte)'Z', >= (byte)'A' and <= (byte)'Z', >= (byte)'A' and <= (byte)'Z'])
        {
            if (!LabelPool.TryGet(reader.ValueSpan, out currency))
            {
                currency = reader.GetString()!;
                LabelPool.Add(reader.ValueSpan, currency);
            }

            return null;
        }

        var value = reader.GetString()!;
        if (value.Length != 3 || !char.IsAsciiLetterUpper(value[0]) || !char.IsAsciiLetterUpper(value[1]) || !char.IsAsciiLetterUpper(value[2]))
        {
            return new EventRejection(EventRejectionCodes.InvalidCurrency, $"Field 'currency' must be an ISO 4217 code of three capital letters (was '{Truncate(value)}').");
        }

        currency = value;
        return null;
    }

    private static EventRejection? ReadItems(ref Utf8JsonReader reader, out IReadOnlyList<LineItem>? items)
    {
        items = null;
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return WrongType("items", "an array", reader.TokenType);
        }

        var list = new List<LineItem>();
        while (ReadRequired(ref reader) != JsonTokenType.EndArray)
        {
            var rejection = ReadItem(ref reader, list.Count, out var item);
            if (rejection is not null)
            {
                return rejection;
            }

            list.Add(item!);
        }

        items = list;
        return null;
    }

    private static EventRejection? ReadItem(ref Utf8JsonReader reader, int index, out LineItem? item)
    {
        item = null;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return WrongType($"items[{index}]", "an object", reader.TokenType);
        }

        string? sku = null, category = null;
        int? quantity = null;
        decimal? price = null;
        var seen = ItemField.None;
        while (ReadRequired(ref reader) != JsonTokenType.EndObject)
        {
            var field = reader.ValueTextEquals("sku"u8) ? ItemField.Sku
                : reader.ValueTextEquals("category"u8) ? ItemField.Category
                : reader.ValueTextEquals("quantity"u8) ? ItemField.Quantity
                : reader.ValueTextEquals("price"u8) ? ItemField.Price
                : ItemField.None;
            ReadRequired(ref reader);
            if (field == ItemField.None)
            {
                reader.Skip();
                continue;
            }

            var name = new FieldName(index, field);
            if ((seen & field) != 0)
            {
                return new EventRejection(EventRejectionCodes.DuplicateField, $"Field '{name}' appears more than once.");
            }

            seen |= field;
            var rejection = field switch
            {
                ItemField.Sku => ReadText(ref reader, name, nullable: false, pooled: false, out sku),
                ItemField.Category => ReadText(ref reader, name, nullable: true, pooled: true, out category),
                ItemField.Quantity => ReadQuantity(ref reader, name, out quantity),
                _ => ReadDecimal(ref reader, name, nullable: false, out price),
            };
            if (rejection is not null)
            {
                return rejection;
            }
        }

        if (sku is null) return new EventRejection(EventRejectionCodes.MissingField, $"Field 'items[{index}].sku' is required.");
        if (quantity is not { } q) return new EventRejection(EventRejectionCodes.MissingField, $"Field 'items[{index}].quantity' is required.");
        if (price is not { } p) return new EventRejection(EventRejectionCodes.MissingField, $"Field 'items[{index}].price' is required.");
        if (q < 0) return new EventRejection(EventRejectionCodes.NegativeQuantity, $"Field 'items[{index}].quantity' must not be negative (was {q}).");
        if (p < 0) return new EventRejection(EventRejectionCodes.NegativeAmount, $"Field 'items[{index}].price' must not be negative (was {p}).");
        if (q > EventBounds.MaxQuantity) return new EventRejection(EventRejectionCodes.OutOfRange, $"Field 'items[{index}].quantity' must be at most 1,000,000 (was {q}).");
        if (p > EventBounds.MaxAmount) return new EventRejection(EventRejectionCodes.OutOfRange, $"Field 'items[{index}].price' must be at most 1,000,000,000 (was {p}).");

        item = new LineItem(sku, category, q, p);
        return null;
    }

    private static EventRejection? ReadQuantity(ref Utf8JsonReader reader, FieldName name, out int? quantity)
    {
        quantity = null;
        if (reader.TokenType != JsonTokenType.Number)
        {
            return WrongType(name, "an integer", reader.TokenType);
        }

        if (!reader.TryGetInt32(out var value))
        {
            return new EventRejection(EventRejectionCodes.OutOfRange, $"Field '{name}' must be a whole number within 32 bits.");
        }

        quantity = value;
        return null;
    }

    private static EventRejection? ReadDecimal(ref Utf8JsonReader reader, FieldName name, bool nullable, out decimal? value)
    {
        value = null;
        if (nullable && reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.Number)
        {
            return WrongType(name, "a number", reader.TokenType);
        }

        if (!reader.TryGetDecimal(out var number))
        {
            return new EventRejection(EventRejectionCodes.OutOfRange, $"Field '{name}' does not fit a decimal.");
        }

        value = number;
        return null;
    }

    /// <summary>
    /// Identifiers and labels: non-empty, at most <see cref="MaxTextLength"/> characters, no control characters.
    /// A <paramref name="pooled"/> label (few distinct values: channel, campaign, category) is taken from
    /// <see cref="LabelPool"/> when an equal one was accepted before, which allocates nothing.
    /// </summary>
    private static EventRejection? ReadText(ref Utf8JsonReader reader, FieldName name, bool nullable, bool pooled, out string? value)
    {
        value = null;
        if (reader.TokenType == JsonTokenType.Null)
        {
            return nullable ? null : WrongType(name, "a string", reader.TokenType);
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            return WrongType(name, "a string", reader.TokenType);
        }

        if (reader.ValueSpan.Length > MaxTextLength * 6)
        {
            return TextTooLong(name);
        }

        if (pooled && !reader.ValueIsEscaped && LabelPool.TryGet(reader.ValueSpan, out var known))
        {
            value = known;
            return null;
        }

        var text = reader.GetString()!;
        if (text.Length == 0)
        {
            return new EventRejection(EventRejectionCodes.InvalidIdentifier, $"Field '{name}' must not be empty.");
        }

        if (text.Length > MaxTextLength)
        {
            return TextTooLong(name);
        }

        foreach (var c in text)
        {
            if (char.IsControl(c))
            {
                return new EventRejection(EventRejectionCodes.InvalidIdentifier, $"Field '{name}' contains the control character U+{(int)c:X4}.");
            }
        }

        if (pooled && !reader.ValueIsEscaped)
        {
            LabelPool.Add(reader.ValueSpan, text);
        }

        value = text;
        return null;
    }

    private static EventRejection TextTooLong(FieldName name) =>
        new(EventRejectionCodes.InvalidIdentifier, $"Field '{name}' is longer than {MaxTextLength} characters.");

    private static EventRejection WrongType(FieldName name, string expected, JsonTokenType actual) =>
        new(EventRejectionCodes.WrongType, $"Field '{name}' must be {expected}, not {Describe(actual)}.");

    private static JsonTokenType ReadRequired(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw new JsonException("The JSON value is incomplete.");
        }

        return reader.TokenType;
    }

    private static EventField MatchEventField(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("id"u8) ? EventField.Id
        : reader.ValueTextEquals("type"u8) ? EventField.Type
        : reader.ValueTextEquals("customerId"u8) ? EventField.CustomerId
        : reader.ValueTextEquals("timestamp"u8) ? EventField.Timestamp
        : reader.ValueTextEquals("orderId"u8) ? EventField.OrderId
        : reader.ValueTextEquals("amount"u8) ? EventField.Amount
        : reader.ValueTextEquals("currency"u8) ? EventField.Currency
        : reader.ValueTextEquals("items"u8) ? EventField.Items
        : reader.ValueTextEquals("channel"u8) ? EventField.Channel
        : reader.ValueTextEquals("campaign"u8) ? EventField.Campaign
        : EventField.None;

    private static string Name(EventField field) => field switch
    {
        EventField.CustomerId => "customerId",
        EventField.OrderId => "orderId",
        _ => field.ToString().ToLowerInvariant(),
    };

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };

    private static string Truncate(string? text) =>
        text is null ? string.Empty : text.Length <= 64 ? text : string.Concat(text.AsSpan(0, 64), "...");

    [Flags]
    private enum EventField
    {
        None = 0,
        Id = 1 << 0,
        Type = 1 << 1,
        CustomerId = 1 << 2,
        Timestamp = 1 << 3,
        OrderId = 1 << 4,
        Amount = 1 << 5,
        Currency = 1 << 6,
        Items = 1 << 7,
        Channel = 1 << 8,
        Campaign = 1 << 9,
    }

    [Flags]
    private enum ItemField
    {
        None = 0,
        Sku = 1 << 0,
        Category = 1 << 1,
        Quantity = 1 << 2,
        Price = 1 << 3,
    }

    /// <summary>A field's name for messages: an event field, or "items[i].field", formatted only when a message needs it.</summary>
    private readonly struct FieldName
    {
        private readonly string? name;
        private readonly int index;
        private readonly ItemField field;

        public FieldName(int index, ItemField field)
        {
            this.index = index;
            this.field = field;
        }

        private FieldName(string name) => this.name = name;

        public static implicit operator FieldName(string name) => new(name);

        public override string ToString() => name ?? $"items[{index}].{field.ToString().ToLowerInvariant()}";
    }

    private struct EventFields
    {
        public string? Id;
        public EventType? Type;
        public string? CustomerId;
        public DateTimeOffset? Timestamp;
        public string? OrderId;
        public decimal? Amount;
        public string? Currency;
        public IReadOnlyList<LineItem>? Items;
        public string? Channel;
        public string? Campaign;
    }
}
