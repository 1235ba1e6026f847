using Microsoft.AspNetCore.Mvc;
using SegmentFunctions.Application.Erasure;
using SegmentFunctions.Serving;

namespace SegmentFunctions.Erasure;

/// <summary>
/// <c>DELETE /api/customers/{id}</c>: erasure. The id is suppressed first (so replayed or late events do not recreate
/// the customer, and snapshots and batch scores leave it out), then its feature document is deleted. Idempotent: 204
/// whether or not a document existed.
/// </summary>
public static class ErasureEndpoints
{
    public const string Route = "/api/customers/{id}";

    public static IEndpointRouteBuilder MapErasure(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapDelete(Route, EraseAsync)
            .WithName("EraseCustomer")
            .WithSummary("Erases a customer: suppresses the id and deletes its feature document.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return endpoints;
    }

    private static async Task<IResult> EraseAsync(string id, [FromServices] CustomerEraser eraser, CancellationToken cancellationToken)
    {
        if (ServingProblems.MalformedCustomerId(id) is { } malformed)
        {
            return malformed;
        }

        await eraser.EraseAsync(id, cancellationToken);
        return Results.NoContent();
    }
}
