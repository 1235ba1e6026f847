namespace SegmentFunctions.Hosting;

/// <summary>
/// Absolute URLs as the caller sees the app. The Functions host forwards the caller's headers, Host included, to the
/// loopback handler; the front end in Azure adds X-Forwarded-Proto (the loopback hop itself is plain HTTP).
/// </summary>
public static class PublicUrl
{
    public static Uri For(HttpRequest request, string path)
    {
        var forwarded = request.Headers["X-Forwarded-Proto"].ToString().Split(',')[0].Trim();
        var scheme = forwarded is "http" or "https" ? forwarded : request.Scheme;
        var host = request.Host.HasValue ? request.Host.Value : "localhost";
        return new Uri($"{scheme}://{host}{path}", UriKind.Absolute);
    }
}
