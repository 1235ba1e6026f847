using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace SegmentFunctions.Hosting;

/// <summary>
/// Worker middleware: an exception that escapes an HTTP function becomes the problem details answer of
/// <see cref="HttpFailures"/> instead of the Functions host's bare 500. Other triggers' exceptions propagate, so the
/// host fails the invocation and applies the function's retry policy.
/// </summary>
public sealed class HttpProblemDetailsMiddleware(ILogger<HttpProblemDetailsMiddleware> logger) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            await next(context);
        }
        catch (Exception exception) when (context.GetHttpContext() is { Response.HasStarted: false } http)
        {
            await HttpFailures.ToProblem(http, exception, logger).ExecuteAsync(http);
        }
    }
}
