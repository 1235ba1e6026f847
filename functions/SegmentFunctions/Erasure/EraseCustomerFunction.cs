using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SegmentFunctions.Application.Erasure;
using SegmentFunctions.Serving;

namespace SegmentFunctions.Erasure;

/// <summary>
/// <c>DELETE /api/customers/{id}</c>: erasure. The id is suppressed first (so replayed or late events do not recreate
/// the customer, and snapshots and batch scores leave it out), then its feature document is deleted. Idempotent: 204
/// whether or not a document existed.
/// </summary>
public sealed class EraseCustomerFunction(CustomerEraser eraser)
{
    public const string Name = "EraseCustomer";

    [Function(Name)]
    [EndpointSummary("Erases a customer: suppresses the id and deletes its feature document.")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status503ServiceUnavailable, "application/problem+json")]
    public async Task<IResult> DeleteAsync(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = "customers/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        if (ServingProblems.MalformedCustomerId(id) is { } malformed)
        {
            return malformed;
        }

        await eraser.EraseAsync(id, cancellationToken);
        return Results.NoContent();
    }
}
