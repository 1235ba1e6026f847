using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using SegmentFunctions.Cli.Serve;
using SegmentFunctions.Hosting;

namespace SegmentFunctions.FunctionApp.Tests.Serve;

/// <summary>How `segment serve` binds an HTTP function's parameters and writes its result, and what it refuses at startup.</summary>
public sealed class HttpFunctionInvokerTests
{
    private static readonly IReadOnlyList<HttpFunction> Functions = HttpFunctions.Discover(typeof(SampleFunctions).Assembly)
        .Where(f => f.Method.DeclaringType == typeof(SampleFunctions))
        .ToList();

    [Fact]
    public void Functions_are_read_from_their_attributes()
    {
        var echo = Function("Echo");

        Assert.Equal(["GET"], echo.HttpMethods);
        Assert.Equal("/api/echo/{name}", echo.Path);
        Assert.Equal(Microsoft.Azure.Functions.Worker.AuthorizationLevel.Anonymous, echo.AuthLevel);
    }

    [Fact]
    public async Task Route_values_the_function_context_services_and_cancellation_are_bound()
    {
        var context = Request("GET", "/api/echo/ada", ("name", "ada"));

        await HttpFunctionInvoker.Create(Function("Echo"))(context);

        Assert.Equal("ada|Echo|True|ada|True|True", Body(context));
    }

    [Fact]
    public async Task A_static_function_returning_an_iresult_is_served()
    {
        var context = Request("POST", "/api/plain");

        await HttpFunctionInvoker.Create(Function("Plain"))(context);

        Assert.Equal("POST", Body(context));
    }

    [Theory]
    [InlineData("UnboundString", "is no route value")]
    [InlineData("VoidResult", "returns Void")]
    public void A_function_serve_cannot_call_is_refused_at_startup(string name, string reason)
    {
        var error = Assert.Throws<NotSupportedException>(() => HttpFunctionInvoker.Create(Function(name)));

        Assert.Contains(name, error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    private static HttpFunction Function(string name) => Functions.Single(f => f.Name == name);

    private static DefaultHttpContext Request(string method, string path, params (string Key, string Value)[] routeValues)
    {
        var services = new ServiceCollection().AddLogging().AddSingleton(TimeProvider.System).BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services };
        context.Request.Method = method;
        context.Request.Path = path;
        foreach (var (key, value) in routeValues)
        {
            context.Request.RouteValues[key] = value;
        }

        context.Response.Body = new MemoryStream();
        return context;
    }

    private static string Body(HttpContext context) => Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray());
}
