using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace SegmentFunctions.Hosting;

/// <summary>
/// An HTTP function as its attributes declare it: <c>[Function]</c> name, the <c>[HttpTrigger]</c> parameter's
/// methods, route and authorization level, and the method that runs it.
/// </summary>
public sealed record HttpFunction(string Name, MethodInfo Method, ParameterInfo Trigger, IReadOnlyList<string> HttpMethods, string Route, AuthorizationLevel AuthLevel)
{
    /// <summary>The public path: host.json's <c>extensions.http.routePrefix</c>, then the route.</summary>
    public string Path => $"/{HttpFunctions.RoutePrefix}/{Route}";
}
