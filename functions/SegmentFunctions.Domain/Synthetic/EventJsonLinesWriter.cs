using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using SegmentFunctions.Domain.Events;

namespace SegmentFunctions.Domain.Synthetic;

/// <summary>
/// Writes events as JSON lines in the contract v1 wire format: camelCase properties, snake_case type names,
/// ISO 8601 timestamps with offset and millisecond precision, absent optional fields omitted, '+' not escaped. Optionally replaces a
/// fraction of lines by malformed ones (seeded) to exercise validation and the dead-letter path.
/// </summary>
public sealed class EventJsonLinesWriter
{
    private const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fffzzz";
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly double _malformedFraction;
    private readonly SyntheticRandom _random;

    /// <param name="malformedFraction">Share of events written as malformed lines instead (0 = none).</param>
    public EventJsonLinesWriter(double malformedFraction = 0, int seed = 0)
    {
        if (malformedFraction is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(malformedFraction), malformedFraction, "Must be in [0, 1].");
        }

        _malformedFraction = malformedFraction;
        _random = new SyntheticRandom(seed, -1, 3);
    }

    /// <summary>Lines written as malformed so far.</summary>
    public long MalformedWritten { get; private set; }

    public async Task<long> WriteAsync(IEnumerable<CustomerEvent> events, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(output);
        using var buffer = new MemoryStream(1 << 17);
        using var json = new Utf8JsonWriter(buffer, WriterOptions);
        long lines = 0;
        foreach (var e in events)
        {
            WriteLine(e, buffer, json);
            lines++;
            if (buffer.Length >= 1 << 16)
            {
                buffer.Position = 0;
                await buffer.CopyToAsync(output, cancellationToken).ConfigureAwait(false);
                buffer.SetLength(0);
            }
        }

        buffer.Position = 0;
        await buffer.CopyToAsync(output, cancellationToken).ConfigureAwait(false);
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        return lines;
    }

    /// <summary>Writes the events as JSON lines into <paramref name="output"/> at once; for in-memory buffers.</summary>
    public long Write(IEnumerable<CustomerEvent> events, MemoryStream output)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(output);
        using var json = new Utf8JsonWriter(output, WriterOptions);
        long lines = 0;
        foreach (var e in events)
        {
            WriteLine(e, output, json);
            lines++;
        }

        return lines;
    }

    /// <summary>The wire form of one event, without the line break.</summary>
    public static string ToJson(CustomerEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            WriteEvent(writer, e, e.Type.ToWireName());
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private void WriteLine(CustomerEvent e, MemoryStream buffer, Utf8JsonWriter json)
    {
        if (_malformedFraction > 0 && _random.Bernoulli(_malformedFraction))
        {
            WriteMalformed(e, buffer);
        }
        else
        {
            json.Reset();
            WriteEvent(json, e, e.Type.ToWireName());
            json.Flush();
        }

        buffer.WriteByte((byte)'\n');
    }

    private void WriteMalformed(CustomerEvent e, MemoryStream buffer)
    {
        MalformedWritten++;
        switch (_random.NextInt(4))
        {
            case 0:
                using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
                {
                    WriteEvent(writer, e, "teleport");
                }

                break;
            case 1:
                using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
                {
                    WriteEvent(writer, e with { CustomerId = string.Empty }, e.Type.ToWireName());
                }

                break;
            case 2:
                var json = ToJson(e);
                var truncated = System.Text.Encoding.UTF8.GetBytes(json[..(json.Length / 2)]);
                buffer.Write(truncated);
                break;
            default:
                using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
                {
                    WriteEvent(writer, e with { Type = EventType.Purchase, Amount = -Math.Abs(e.Amount ?? 1m), OrderId = e.OrderId ?? $"{e.Id}-bad", Currency = "EUR" }, "purchase");
                }

                break;
        }
    }

    private static void WriteEvent(Utf8JsonWriter writer, CustomerEvent e, string typeName)
    {
        writer.WriteStartObject();
        writer.WriteString("id", e.Id);
        writer.WriteString("type", typeName);
        writer.WriteString("customerId", e.CustomerId);
        Span<char> timestamp = stackalloc char[40];
        e.Timestamp.TryFormat(timestamp, out var written, TimestampFormat, CultureInfo.InvariantCulture);
        writer.WriteString("timestamp", timestamp[..written]);
        if (e.OrderId is not null)
        {
            writer.WriteString("orderId", e.OrderId);
        }

        if (e.Amount is { } amount)
        {
            writer.WriteNumber("amount", amount);
        }

        if (e.Currency is not null)
        {
            writer.WriteString("currency", e.Currency);
        }

        if (e.Items is { } items)
        {
            writer.WriteStartArray("items");
            foreach (var item in items)
            {
                writer.WriteStartObject();
                writer.WriteString("sku", item.Sku);
                if (item.Category is not null)
                {
                    writer.WriteString("category", item.Category);
                }

                writer.WriteNumber("quantity", item.Quantity);
                writer.WriteNumber("price", item.Price);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        if (e.Channel is not null)
        {
            writer.WriteString("channel", e.Channel);
        }

        if (e.Campaign is not null)
        {
            writer.WriteString("campaign", e.Campaign);
        }

        writer.WriteEndObject();
    }
}
