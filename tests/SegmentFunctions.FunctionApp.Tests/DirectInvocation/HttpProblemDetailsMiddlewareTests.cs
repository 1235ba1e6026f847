using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Cli.Serve;
using SegmentFunctions.Health;
using SegmentFunctions.Hosting;

namespace SegmentFunctions.FunctionApp.Tests.DirectInvocation;

/// <summary>The worker middleware that answers an HTTP function's exception with problem details, as the Functions worker runs it.</summary>
public sealed class HttpProblemDetailsMiddlewareTests
{
    private static readonly IServiceProvider Services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();

    private readonly HttpProblemDetailsMiddleware _middleware = new(NullLogger<HttpProblemDetailsMiddleware>.Instance);

    [Fact]
    public async Task A_store_outage_in_an_http_function_answers_503_problem_details_with_retry_after()
    {
        var (context, http) = HttpInvocation();

        await _middleware.Invoke(context, _ => throw new StoreUnavailableException("Cosmos DB key abc123 throttled"));

        Assert.Equal(503, http.Response.StatusCode);
        Assert.Equal("application/problem+json", http.Response.ContentType);
        Assert.Equal(HttpFailures.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), http.Response.Headers.RetryAfter.ToString());
        Assert.DoesNotContain("abc123", Body(http), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unexpected_exception_answers_500_without_its_message()
    {
        var (context, http) = HttpInvocation();

        await _middleware.Invoke(context, _ => throw new InvalidOperationException("Password=hunter2"));

        Assert.Equal(500, http.Response.StatusCode);
        Assert.DoesNotContain("hunter2", Body(http), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_an_http_request_the_exception_fails_the_invocation()
    {
        var context = new LocalFunctionContext(Definition(), Services, new Dictionary<string, object?>(), null, CancellationToken.None);

        await Assert.ThrowsAsync<StoreUnavailableException>(() => _middleware.Invoke(context, _ => throw new StoreUnavailableException("down")));
    }

    private static (LocalFunctionContext Context, DefaultHttpContext Http) HttpInvocation()
    {
        var http = new DefaultHttpContext { RequestServices = Services };
        http.Request.Method = "GET";
        http.Request.Path = "/api/health";
        http.Response.Body = new MemoryStream();
        return (LocalFunctionContext.ForHttp(Definition(), http), http);
    }

    private static LocalFunctionDefinition Definition() =>
        new(HealthFunction.Name, typeof(HealthFunction).GetMethod(nameof(HealthFunction.GetAsync))!);

    private static string Body(HttpContext http) => Encoding.UTF8.GetString(((MemoryStream)http.Response.Body).ToArray());
}
