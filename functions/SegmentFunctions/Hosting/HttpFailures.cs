using SegmentFunctions.Application.Ports;

namespace SegmentFunctions.Hosting;

/// <summary>
/// The last line for exceptions that escape an HTTP function, in both hosts: a problem details answer that names the
/// kind of failure, never the exception's message or stack trace (they go to the log).
/// </summary>
public static partial class HttpFailures
{
    /// <summary>Seconds a client should wait after a 503 before asking again.</summary>
    public const int RetryAfterSeconds = 5;

    /// <summary>The answer to <paramref name="exception"/>, logged; sets Retry-After on a 503.</summary>
    public static IResult ToProblem(HttpContext httpContext, Exception exception, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var (status, title) = exception switch
        {
            StoreUnavailableException => (StatusCodes.Status503ServiceUnavailable, "The store is unavailable; try again shortly."),
            BadHttpRequestException bad => (bad.StatusCode, "The request could not be read."),
            OperationCanceledException when httpContext.RequestAborted.IsCancellationRequested => (499, "The request was cancelled."),
            _ => (StatusCodes.Status500InternalServerError, "An unexpected error occurred."),
        };

        if (status >= StatusCodes.Status500InternalServerError)
        {
            LogFailed(logger, exception, httpContext.Request.Method, httpContext.Request.Path, status);
        }
        else
        {
            LogAnswered(logger, exception, httpContext.Request.Method, httpContext.Request.Path, status);
        }

        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return Results.Problem(title: title, statusCode: status);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} {Path} failed with {StatusCode}")]
    private static partial void LogFailed(ILogger logger, Exception exception, string method, PathString path, int statusCode);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} {Path} answered {StatusCode}")]
    private static partial void LogAnswered(ILogger logger, Exception exception, string method, PathString path, int statusCode);
}
