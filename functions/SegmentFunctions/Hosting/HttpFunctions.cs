using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace SegmentFunctions.Hosting;

/// <summary>
/// The app's HTTP functions, read once from their attributes: the one declaration of every route, which the SDK
/// writes to functions.metadata, the OpenAPI document describes and <c>segment serve</c> maps.
/// </summary>
public static class HttpFunctions
{
    /// <summary>host.json's <c>extensions.http.routePrefix</c>.</summary>
    public const string RoutePrefix = "api";

    private static readonly Lazy<IReadOnlyList<HttpFunction>> Declared = new(() => Discover(typeof(HttpFunctions).Assembly));

    /// <summary>Every HTTP function of this app, ordered by name.</summary>
    public static IReadOnlyList<HttpFunction> All => Declared.Value;

    /// <summary>The <c>[Function]</c> methods of <paramref name="assembly"/>'s public types that have an <c>[HttpTrigger]</c> parameter.</summary>
    public static IReadOnlyList<HttpFunction> Discover(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var functions = new List<HttpFunction>();
        foreach (var type in assembly.GetExportedTypes())
        {
            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            {
                if (method.GetCustomAttribute<FunctionAttribute>() is not { } function)
                {
                    continue;
                }

                foreach (var parameter in method.GetParameters())
                {
                    if (parameter.GetCustomAttribute<HttpTriggerAttribute>() is { } trigger)
                    {
                        var methods = (trigger.Methods ?? ["get", "post"]).Select(m => m.ToUpperInvariant()).ToArray();
                        functions.Add(new HttpFunction(function.Name, method, parameter, methods, trigger.Route ?? function.Name, trigger.AuthLevel));
                    }
                }
            }
        }

        return [.. functions.OrderBy(f => f.Name, StringComparer.Ordinal)];
    }
}
