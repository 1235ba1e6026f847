using System.Globalization;
using System.Text.Json;
using SegmentFunctions.Domain.Events;

namespace SegmentFunctions.Testing;

/// <summary>Builds contract-v1 events and their JSON bodies for tests.</summary>
public static class TestEvents
{
    public static readonly DateTimeOffset Epoch = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    public static CustomerEvent Make(
        string id,
        EventType type,
        string customerId,
        DateTimeOffset timestamp,
        string? orderId = null,
        decimal? amount = null,
        string? currency = null,
        IReadOnlyList<LineItem>? items = null,
        string? channel = null,
        string? campaign = null) => new()
        {
            Id = id,
            Type = type,
            CustomerId = customerId,
            Timestamp = timestamp,
            OrderId = orderId,
            Amount = amount,
            Currency = currency,
            Items = items,
            Channel = channel,
            Campaign = campaign,
        };

    public static CustomerEvent Purchase(string id, string customerId, DateTimeOffset timestamp, string orderId, decimal amount, string category = "shoes", int quantity = 1, string? channel = "web") =>
        Make(id, EventType.Purchase, customerId, timestamp, orderId, amount, "EUR", [new LineItem("sku-" + orderId, category, quantity, amount)], channel);

    /// <summary>The event's JSON body as a producer would send it.</summary>
    public static string ToJson(CustomerEvent e)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("id", e.Id);
            writer.WriteString("type", e.Type.ToWireName());
            writer.WriteString("customerId", e.CustomerId);
            writer.WriteString("timestamp", e.Timestamp.ToString("O", CultureInfo.InvariantCulture));
            if (e.OrderId is not null) writer.WriteString("orderId", e.OrderId);
            if (e.Amount is { } amount) writer.WriteNumber("amount", amount);
            if (e.Currency is not null) writer.WriteString("currency", e.Currency);
            if (e.Items is { } items)
            {
                writer.WriteStartArray("items");
                foreach (var item in items)
                {
                    writer.WriteStartObject();
                    writer.WriteString("sku", item.Sku);
                    if (item.Category is not null) writer.WriteString("category", item.Category);
                    writer.WriteNumber("quantity", item.Quantity);
                    writer.WriteNumber("price", item.Price);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            }

            if (e.Channel is not null) writer.WriteString("channel", e.Channel);
            if (e.Campaign is not null) writer.WriteString("campaign", e.Campaign);
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
