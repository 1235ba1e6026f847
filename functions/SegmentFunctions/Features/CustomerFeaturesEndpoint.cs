using Microsoft.AspNetCore.Mvc;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Domain.Serialization;

namespace SegmentFunctions.Features;

/// <summary>
/// <c>GET /api/customers/{id}/features</c>: the forwarded CustomerFeatures HTTP function. With
/// enableForwardingHttpRequest the host sends the public path, route prefix included, and passes the response through
/// unchanged (the host has already checked the function key).
/// </summary>
public static class CustomerFeaturesEndpoint
{
    /// <summary>host.json <c>extensions.http.routePrefix</c> followed by function.json's <c>route</c>.</summary>
    public const string Route = "/api/customers/{id}/features";

    public static IEndpointRouteBuilder MapCustomerFeatures(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Route, GetAsync)
            .WithName("CustomerFeatures")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return endpoints;
    }

    private static async Task<IResult> GetAsync(string id, [FromServices] IFeatureStore store, CancellationToken cancellationToken)
    {
        if (CustomerIdRules.Problem(id) is { } problem)
        {
            return Results.Problem(title: "Malformed customer id.", detail: problem, statusCode: StatusCodes.Status400BadRequest);
        }

        var stored = await store.ReadAsync(id, cancellationToken);
        return stored is null
            ? Results.Problem(title: "Unknown customer.", detail: $"No features are stored for customer '{id}'.", statusCode: StatusCodes.Status404NotFound)
            : Results.Json(stored.Features, DomainJsonContext.Default.CustomerFeatures, "application/json");
    }
}
