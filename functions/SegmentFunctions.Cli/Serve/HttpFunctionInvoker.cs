using System.Linq.Expressions;
using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using SegmentFunctions.Hosting;

namespace SegmentFunctions.Cli.Serve;

/// <summary>
/// Calls an HTTP function for a request the way the worker does: a new instance of the function class from the
/// request's services, each parameter bound (the <c>[HttpTrigger]</c> request, route values by name, the request's
/// cancellation, a <see cref="FunctionContext"/>, anything else such as <c>[DurableClient]</c> from the services), and
/// the returned <see cref="IResult"/> written out. Everything is worked out once, at startup, into a compiled delegate:
/// a request costs the instance and the call, no reflection.
/// </summary>
public static class HttpFunctionInvoker
{
    private static readonly PropertyInfo RequestProperty = typeof(HttpContext).GetProperty(nameof(HttpContext.Request))!;
    private static readonly PropertyInfo AbortedProperty = typeof(HttpContext).GetProperty(nameof(HttpContext.RequestAborted))!;
    private static readonly PropertyInfo ServicesProperty = typeof(HttpContext).GetProperty(nameof(HttpContext.RequestServices))!;
    private static readonly MethodInfo RouteValueMethod = typeof(HttpFunctionInvoker).GetMethod(nameof(RouteValue), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo ContextMethod = typeof(LocalFunctionContext).GetMethod(nameof(LocalFunctionContext.ForHttp))!;
    private static readonly MethodInfo ServiceMethod = typeof(ServiceProviderServiceExtensions).GetMethod(
        nameof(ServiceProviderServiceExtensions.GetRequiredService), [typeof(IServiceProvider), typeof(Type)])!;

    /// <summary>The request delegate of <paramref name="function"/>; throws at once for a parameter or result it cannot serve.</summary>
    public static RequestDelegate Create(HttpFunction function)
    {
        ArgumentNullException.ThrowIfNull(function);
        var method = function.Method;
        var call = CompileCall(function);
        var write = ResultWriter(function);
        var factory = method.IsStatic ? null : ActivatorUtilities.CreateFactory(method.DeclaringType!, Type.EmptyTypes);

        return async http =>
        {
            var instance = factory?.Invoke(http.RequestServices, null);
            await write(call(instance, http), http);
        };
    }

    private static Func<object?, HttpContext, object?> CompileCall(HttpFunction function)
    {
        var method = function.Method;
        var target = Expression.Parameter(typeof(object), "target");
        var http = Expression.Parameter(typeof(HttpContext), "http");
        var definition = Expression.Constant(new LocalFunctionDefinition(function.Name, method));
        var routeParameters = RouteParameterNames(function.Route);

        var arguments = method.GetParameters().Select(parameter => Bind(function, parameter, http, definition, routeParameters));
        var instance = method.IsStatic ? null : Expression.Convert(target, method.DeclaringType!);
        Expression body = Expression.Call(instance, method, arguments);
        body = method.ReturnType == typeof(void) ? Expression.Block(body, Expression.Constant(null)) : Expression.Convert(body, typeof(object));
        return Expression.Lambda<Func<object?, HttpContext, object?>>(body, target, http).Compile();
    }

    private static Expression Bind(HttpFunction function, ParameterInfo parameter, ParameterExpression http, Expression definition, HashSet<string> routeParameters)
    {
        var type = parameter.ParameterType;
        if (parameter.Position == function.Trigger.Position)
        {
            return type == typeof(HttpRequest)
                ? Expression.Property(http, RequestProperty)
                : throw Unsupported(function, $"its trigger parameter is a {type.Name}; segment serve passes an HttpRequest");
        }

        if (type == typeof(CancellationToken))
        {
            return Expression.Property(http, AbortedProperty);
        }

        if (type == typeof(HttpContext))
        {
            return http;
        }

        if (type == typeof(FunctionContext))
        {
            return Expression.Call(ContextMethod, definition, http);
        }

        if (type == typeof(string))
        {
            return routeParameters.Contains(parameter.Name!)
                ? Expression.Call(RouteValueMethod, http, Expression.Constant(parameter.Name))
                : throw Unsupported(function, $"its string parameter '{parameter.Name}' is no route value of '{function.Route}'");
        }

        // Input bindings such as [DurableClient] DurableTaskClient: the same client, from the services.
        return Expression.Convert(
            Expression.Call(ServiceMethod, Expression.Property(http, ServicesProperty), Expression.Constant(type)), type);
    }

    private static Func<object?, HttpContext, Task> ResultWriter(HttpFunction function)
    {
        var returnType = function.Method.ReturnType;
        if (typeof(IResult).IsAssignableFrom(returnType))
        {
            return static (result, http) => ((IResult)result!).ExecuteAsync(http);
        }

        if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(Task<>)
            && typeof(IResult).IsAssignableFrom(returnType.GetGenericArguments()[0]))
        {
            return typeof(HttpFunctionInvoker).GetMethod(nameof(WriteTaskResultAsync), BindingFlags.NonPublic | BindingFlags.Static)!
                .MakeGenericMethod(returnType.GetGenericArguments()[0])
                .CreateDelegate<Func<object?, HttpContext, Task>>();
        }

        throw Unsupported(function, $"it returns {returnType.Name}; segment serve writes IResult and Task<IResult>");
    }

    private static async Task WriteTaskResultAsync<T>(object? result, HttpContext http)
        where T : IResult
    {
        var value = await (Task<T>)result!;
        await value.ExecuteAsync(http);
    }

    private static string? RouteValue(HttpContext http, string name) => http.Request.RouteValues[name] as string;

    private static HashSet<string> RouteParameterNames(string route) =>
        Microsoft.AspNetCore.Routing.Patterns.RoutePatternFactory.Parse(route).Parameters
            .Select(p => p.Name)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

    private static NotSupportedException Unsupported(HttpFunction function, string reason) =>
        new($"HTTP function {function.Name} ({function.Method.DeclaringType?.Name}.{function.Method.Name}) cannot be served: {reason}.");
}
