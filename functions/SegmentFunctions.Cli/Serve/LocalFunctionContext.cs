using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace SegmentFunctions.Cli.Serve;

/// <summary>
/// The <see cref="FunctionContext"/> of a function invoked outside the Functions worker: by <c>segment serve</c> for
/// an HTTP request, or directly. <c>GetHttpContext()</c> finds the request's <see cref="HttpContext"/> under the key
/// the worker's ASP.NET Core integration uses.
/// </summary>
public sealed class LocalFunctionContext : FunctionContext
{
    /// <summary>The <see cref="Items"/> key under which the ASP.NET Core integration keeps the HttpContext.</summary>
    public const string HttpContextKey = "HttpRequestContext";

    private readonly CancellationToken _cancellationToken;

    public LocalFunctionContext(
        FunctionDefinition function,
        IServiceProvider services,
        IReadOnlyDictionary<string, object?> bindingData,
        RetryContext? retry,
        CancellationToken cancellationToken)
    {
        FunctionDefinition = function;
        InstanceServices = services;
        BindingContext = new LocalBindingContext(bindingData);
        RetryContext = retry ?? new LocalRetryContext(0, 0);
        _cancellationToken = cancellationToken;
    }

    /// <summary>The context of an HTTP request to <paramref name="function"/>: route values as binding data, the request's services and abort token.</summary>
    public static LocalFunctionContext ForHttp(FunctionDefinition function, HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var context = new LocalFunctionContext(
            function,
            httpContext.RequestServices,
            httpContext.Request.RouteValues.ToDictionary(v => v.Key, v => v.Value, StringComparer.OrdinalIgnoreCase),
            null,
            httpContext.RequestAborted);
        context.Items[HttpContextKey] = httpContext;
        return context;
    }

    public override string InvocationId { get; } = Guid.NewGuid().ToString();

    public override string FunctionId => FunctionDefinition.Id;

    public override TraceContext TraceContext { get; } = new LocalTraceContext();

    public override BindingContext BindingContext { get; }

    public override RetryContext RetryContext { get; }

    public override IServiceProvider InstanceServices { get; set; }

    public override FunctionDefinition FunctionDefinition { get; }

    public override IDictionary<object, object> Items { get; set; } = new Dictionary<object, object>();

    public override IInvocationFeatures Features { get; } = new LocalInvocationFeatures();

    public override CancellationToken CancellationToken => _cancellationToken;
}
