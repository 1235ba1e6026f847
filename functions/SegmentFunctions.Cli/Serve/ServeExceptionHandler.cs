using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using SegmentFunctions.Hosting;

namespace SegmentFunctions.Cli.Serve;

/// <summary>An exception that escapes a function answers as under the Functions host (<see cref="HttpFailures"/>).</summary>
public sealed class ServeExceptionHandler(ILogger<ServeExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        await HttpFailures.ToProblem(httpContext, exception, logger).ExecuteAsync(httpContext);
        return true;
    }
}
