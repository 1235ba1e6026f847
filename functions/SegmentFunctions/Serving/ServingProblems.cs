using System.Globalization;
using SegmentFunctions.Domain.Events;

namespace SegmentFunctions.Serving;

/// <summary>The problem details the serving endpoints answer with; titles name the problem, never an exception.</summary>
public static class ServingProblems
{
    /// <summary>Seconds a client should wait before asking again when no model serves yet.</summary>
    private const int NoModelRetryAfterSeconds = 30;

    public static IResult NoModel(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.Headers.RetryAfter = NoModelRetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return Results.Problem(
            title: "No model has been published yet.",
            detail: "Scores are served once a retraining run has promoted a model (models/current.json).",
            statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    public static IResult? MalformedCustomerId(string? id) =>
        CustomerIdRule.Problem(id) is { } problem
            ? Results.Problem(title: "Malformed customer id.", detail: problem, statusCode: StatusCodes.Status400BadRequest)
            : null;

    public static IResult BadQuery(string detail) =>
        Results.Problem(title: "Bad query value.", detail: detail, statusCode: StatusCodes.Status400BadRequest);

    public static IResult BadBody(string detail) =>
        Results.Problem(title: "Bad request body.", detail: detail, statusCode: StatusCodes.Status400BadRequest);

    public static IResult UnknownCustomer(string id) =>
        Results.Problem(title: "Unknown customer.", detail: $"No features are stored for customer '{id}'.", statusCode: StatusCodes.Status404NotFound);

    public static IResult UnknownSegment(int segmentId, string modelVersion) =>
        Results.Problem(title: "Unknown segment.", detail: $"The serving model {modelVersion} has no segment {segmentId}.", statusCode: StatusCodes.Status404NotFound);

    public static IResult NoBatchScores(string modelVersion) =>
        Results.Problem(
            title: "No batch scores for the serving model.",
            detail: $"The serving model {modelVersion} has no complete batch scores yet; they are written by the retraining run.",
            statusCode: StatusCodes.Status404NotFound);

    public static IResult Unscorable(string id, string reason) =>
        Results.Problem(
            title: "The customer cannot be scored by the serving model.",
            detail: $"Customer '{id}': {reason}",
            statusCode: StatusCodes.Status422UnprocessableEntity);
}
