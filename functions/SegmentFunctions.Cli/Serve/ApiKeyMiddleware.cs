using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace SegmentFunctions.Cli.Serve;

/// <summary>
/// Checks the API key when one is configured: header <c>x-api-key</c> or query <c>code</c> (the Functions host's
/// query name, so clients work with and without the host). Both sides are hashed with SHA-256 and compared with
/// <see cref="CryptographicOperations.FixedTimeEquals"/>, so neither the key's content nor its length shows in timing.
/// </summary>
public sealed class ApiKeyMiddleware(RequestDelegate next, IOptions<ApiKeyOptions> options)
{
    public const string HeaderName = "x-api-key";
    public const string QueryName = "code";

    private readonly byte[]? _expectedHash = string.IsNullOrEmpty(options.Value.Key) ? null : Hash(options.Value.Key);

    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (_expectedHash is null || context.GetEndpoint()?.Metadata.GetMetadata<ApiKeyExempt>() is not null)
        {
            return next(context);
        }

        var presented = context.Request.Headers[HeaderName].ToString();
        if (presented.Length == 0)
        {
            presented = context.Request.Query[QueryName].ToString();
        }

        if (presented.Length > 0 && CryptographicOperations.FixedTimeEquals(Hash(presented), _expectedHash))
        {
            return next(context);
        }

        return Results.Problem(
                title: "Missing or wrong API key.",
                detail: $"Send the key in the '{HeaderName}' header or the '{QueryName}' query parameter.",
                statusCode: StatusCodes.Status401Unauthorized)
            .ExecuteAsync(context);
    }

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
