using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace SegmentFunctions.FunctionApp.Tests.DirectInvocation;

/// <summary>
/// Calls an HTTP function the way the worker's ASP.NET Core integration does, without any server: a new instance of the
/// function class from the app's services, a real <see cref="DefaultHttpContext"/> for the request, and the returned
/// <see cref="IResult"/> executed into that context's response.
/// </summary>
public sealed class HttpInvocation
{
    private HttpInvocation(DefaultHttpContext context, string body)
    {
        Context = context;
        Body = body;
    }

    public DefaultHttpContext Context { get; }

    public int StatusCode => Context.Response.StatusCode;

    public string? ContentType => Context.Response.ContentType;

    public string Body { get; }

    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public static async Task<HttpInvocation> InvokeAsync<TFunction>(
        IServiceProvider services,
        string method,
        string pathAndQuery,
        Func<TFunction, HttpRequest, Task<IResult>> call,
        string? body = null,
        IReadOnlyDictionary<string, string>? headers = null)
        where TFunction : class
    {
        await using var scope = services.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        var queryStart = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        context.Request.Method = method;
        context.Request.Scheme = "http";
        context.Request.Host = new HostString("localhost");
        context.Request.Path = queryStart < 0 ? pathAndQuery : pathAndQuery[..queryStart];
        context.Request.QueryString = queryStart < 0 ? QueryString.Empty : new QueryString(pathAndQuery[queryStart..]);
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            context.Request.Headers[name] = value;
        }

        if (body is not null)
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            context.Request.Body = new MemoryStream(bytes);
            context.Request.ContentLength = bytes.Length;
            context.Request.ContentType = "application/json";
        }

        var response = new MemoryStream();
        context.Response.Body = response;

        var function = ActivatorUtilities.CreateInstance<TFunction>(scope.ServiceProvider);
        var result = await call(function, context.Request);
        await result.ExecuteAsync(context);

        return new HttpInvocation(context, Encoding.UTF8.GetString(response.ToArray()));
    }
}
