using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Domain.Features;
using SegmentFunctions.Domain.Serialization;
using SegmentFunctions.Serving;

namespace SegmentFunctions.Features;

/// <summary>
/// <c>GET /api/customers/{id}/features</c>: a customer's stored feature document. A serving read: the featurizer's
/// processing state (replay watermarks and de-duplication keys) is neither read nor answered.
/// </summary>
public sealed class CustomerFeaturesFunction(IFeatureStore store)
{
    public const string Name = "CustomerFeatures";

    [Function(Name)]
    [EndpointSummary("A customer's featurized history: counts, amounts, recency and rates as stored.")]
    [ProducesResponseType<CustomerFeatures>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "customers/{id}/features")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        if (ServingProblems.MalformedCustomerId(id) is { } malformed)
        {
            return malformed;
        }

        var features = await store.ReadFeaturesAsync(id, cancellationToken);
        return features is null
            ? ServingProblems.UnknownCustomer(id)
            : Results.Bytes(FeatureDocumentParts.EncodeFeatures(features), "application/json");
    }
}
