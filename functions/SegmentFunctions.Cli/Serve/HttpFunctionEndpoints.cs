using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;
using SegmentFunctions.Hosting;

namespace SegmentFunctions.Cli.Serve;

public static class HttpFunctionEndpoints
{
    /// <summary>
    /// One endpoint per HTTP function, at its public path (route prefix included) and methods, named after the function;
    /// anonymous functions answer without the API key.
    /// </summary>
    public static IEndpointRouteBuilder MapHttpFunctions(this IEndpointRouteBuilder endpoints, IEnumerable<HttpFunction> functions)
    {
        ArgumentNullException.ThrowIfNull(functions);
        foreach (var function in functions)
        {
            var endpoint = endpoints.MapMethods(function.Path, function.HttpMethods, HttpFunctionInvoker.Create(function)).WithName(function.Name);
            if (function.AuthLevel == AuthorizationLevel.Anonymous)
            {
                endpoint.WithMetadata(ApiKeyExempt.Instance);
            }
        }

        return endpoints;
    }
}
