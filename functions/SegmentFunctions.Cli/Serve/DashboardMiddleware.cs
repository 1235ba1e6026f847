using System.Collections.Frozen;
using Microsoft.AspNetCore.Http;

namespace SegmentFunctions.Cli.Serve;

/// <summary>
/// Serves the dashboard at <c>/</c> (index.html) and each of its files at its own path, outside the functions' route
/// prefix. It runs before the API key check: the files hold no data, and the page sends the key with its API calls.
/// Any other request goes on to the functions.
/// </summary>
public sealed class DashboardMiddleware(RequestDelegate next, DashboardAssets assets)
{
    /// <summary>
    /// The page's own policy: scripts, styles and API calls from this origin only, so a page load cannot reach another
    /// host, and the browser refuses anything that tries.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; "
        + "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    private readonly FrozenDictionary<string, DashboardAsset> _byPath = assets.Files
        .SelectMany(f => f.Path == DashboardAssets.IndexPath ? new[] { ("/", f), ("/" + f.Path, f) } : [("/" + f.Path, f)])
        .ToFrozenDictionary(p => p.Item1, p => p.Item2, StringComparer.Ordinal);

    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        if (!(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            || !_byPath.TryGetValue(request.Path.Value ?? string.Empty, out var asset))
        {
            return next(context);
        }

        var response = context.Response;
        response.Headers.ETag = asset.ETag;
        // Revalidated on every load: a new build of the page is never mixed with cached modules of the old one.
        response.Headers.CacheControl = "no-cache";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        if (request.Headers.IfNoneMatch == asset.ETag)
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        response.ContentType = asset.ContentType;
        response.ContentLength = asset.Content.Length;
        return HttpMethods.IsHead(request.Method) ? Task.CompletedTask : response.Body.WriteAsync(asset.Content, context.RequestAborted).AsTask();
    }
}
