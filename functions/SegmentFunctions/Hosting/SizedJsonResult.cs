using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace SegmentFunctions.Hosting;

/// <summary>
/// A small JSON response sent with its Content-Length: serialized to one buffer first, then written whole, so Kestrel
/// sends the headers and the body in one write when the request ends. <see cref="Results.Json{TValue}(TValue, JsonTypeInfo{TValue}, string?, int?)"/>
/// streams the body chunked instead (a flush of headers and body, then the closing chunk), which on the score and
/// health hot paths cost a second socket write per request. For bodies of a few kilobytes at most; larger ones stream.
/// </summary>
public sealed class SizedJsonResult<T>(T value, JsonTypeInfo<T> typeInfo, int statusCode = StatusCodes.Status200OK) : IResult, IStatusCodeHttpResult, IValueHttpResult<T>
{
    public const string ContentType = "application/json; charset=utf-8";

    public int? StatusCode => statusCode;

    public T Value => value;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var body = JsonSerializer.SerializeToUtf8Bytes(value, typeInfo);
        var response = httpContext.Response;
        response.StatusCode = statusCode;
        response.ContentType = ContentType;
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body, httpContext.RequestAborted).AsTask();
    }
}
