using System.Globalization;

namespace SegmentFunctions.Retraining;

/// <summary>The asynchronous request-reply pattern's headers: where to poll, and when.</summary>
public static class RetrainPolling
{
    /// <summary>Seconds a client should wait before polling the status URL.</summary>
    public const int PollAfterSeconds = 10;

    public static void SetHeaders(HttpResponse response, Uri statusUrl)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(statusUrl);
        response.Headers.Location = statusUrl.OriginalString;
        response.Headers.RetryAfter = PollAfterSeconds.ToString(CultureInfo.InvariantCulture);
    }
}
