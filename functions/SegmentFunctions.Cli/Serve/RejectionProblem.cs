using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.WebUtilities;

namespace SegmentFunctions.Cli.Serve;

/// <summary>
/// Kestrel's answer to a request it refused while parsing the request line or headers (a <c>%00</c> in the path, a
/// request line or headers beyond its limits) is a status line and headers with <c>Content-Length: 0</c>, written
/// before the app ran. This turns such an answer into RFC 7807 problem details, as every answer of the app is: the
/// same status line and headers, then <c>application/problem+json</c> with the status, its title and what the limit is.
/// </summary>
public static class RejectionProblem
{
    private const string ProblemContentType = "application/problem+json";

    private static readonly byte[] HeadEnd = "\r\n\r\n"u8.ToArray();

    /// <summary>
    /// The problem details response for <paramref name="response"/> when it is one bodiless error answer (status 400 or
    /// above, <c>Content-Length: 0</c>, nothing after its head); null otherwise, and it is to be sent as it is.
    /// </summary>
    public static byte[]? TryRewrite(ReadOnlySpan<byte> response, KestrelServerLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        if (!(response.StartsWith("HTTP/1.1 "u8) || response.StartsWith("HTTP/1.0 "u8))
            || response.IndexOf(HeadEnd) is var headEnd && headEnd + HeadEnd.Length != response.Length)
        {
            return null;
        }

        var lines = Encoding.ASCII.GetString(response[..headEnd]).Split("\r\n");
        var statusLine = lines[0];
        if (statusLine.Length < 12
            || !int.TryParse(statusLine.AsSpan(9, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var status)
            || status < 400
            || !lines.Skip(1).Any(IsEmptyContentLength))
        {
            return null;
        }

        var body = Body(status, limits);
        var head = new StringBuilder(statusLine).Append("\r\n");
        head.Append("Content-Type: ").Append(ProblemContentType).Append("\r\n");
        head.Append("Content-Length: ").Append(body.Length.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
        foreach (var line in lines.Skip(1).Where(l => !IsEmptyContentLength(l)))
        {
            head.Append(line).Append("\r\n");
        }

        head.Append("\r\n");
        return [.. Encoding.ASCII.GetBytes(head.ToString()), .. body];
    }

    private static bool IsEmptyContentLength(string headerLine) =>
        headerLine.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase) && headerLine["Content-Length:".Length..].Trim() == "0";

    private static byte[] Body(int status, KestrelServerLimits limits)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("type", TypeOf(status));
            json.WriteString("title", ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : "Request refused");
            json.WriteNumber("status", status);
            json.WriteString("detail", Detail(status, limits));
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static string TypeOf(int status) => status switch
    {
        400 => "https://tools.ietf.org/html/rfc9110#section-15.5.1",
        405 => "https://tools.ietf.org/html/rfc9110#section-15.5.6",
        408 => "https://tools.ietf.org/html/rfc9110#section-15.5.9",
        413 => "https://tools.ietf.org/html/rfc9110#section-15.5.14",
        414 => "https://tools.ietf.org/html/rfc9110#section-15.5.15",
        431 => "https://tools.ietf.org/html/rfc6585#section-5",
        505 => "https://tools.ietf.org/html/rfc9110#section-15.6.6",
        _ => "about:blank",
    };

    private static string Detail(int status, KestrelServerLimits limits) => status switch
    {
        400 => "The request line or headers are malformed (for example a control character such as %00 in the path); the server refused the request before any function ran.",
        414 => string.Create(CultureInfo.InvariantCulture, $"The request line is longer than the server accepts ({limits.MaxRequestLineSize} bytes)."),
        431 => string.Create(CultureInfo.InvariantCulture, $"The request headers are larger than the server accepts ({limits.MaxRequestHeadersTotalSize} bytes in all, at most {limits.MaxRequestHeaderCount} headers)."),
        _ => "The server refused the request before any function ran.",
    };
}
