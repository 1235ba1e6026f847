using Microsoft.AspNetCore.Mvc;
using SegmentFunctions.Hosting;

namespace SegmentFunctions.Retraining;

/// <summary>
/// <c>POST /api/retrain</c> (function RetrainStart, forwarded): starts a run, or returns the active one, and queues it
/// for the worker. Answers like Durable's check-status response: 202 Accepted, <c>Location</c> = the status URL.
/// </summary>
public static class RetrainStartFunction
{
    public const string FunctionName = "RetrainStart";
    public const string Route = "/api/retrain";
    public const string Trigger = "http";

    /// <summary>Seconds a client should wait before polling the status URL.</summary>
    public const int PollAfterSeconds = 10;

    public static IEndpointRouteBuilder MapRetrainStart(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(Route, StartAsync)
            .WithName(FunctionName)
            .Produces<RetrainCheckStatus>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return endpoints;
    }

    private static async Task<IResult> StartAsync(HttpContext context, [FromServices] RetrainStarter starter, CancellationToken cancellationToken)
    {
        var start = await starter.StartAsync(Trigger, cancellationToken);
        var statusUrl = PublicUrl.For(context.Request, RetrainStatusFunction.PathOf(start.RunId));
        SetPollingHeaders(context.Response, statusUrl);
        return Results.Json(
            new RetrainCheckStatus(start.RunId, statusUrl, start.Created),
            RetrainingJsonContext.Default.RetrainCheckStatus,
            statusCode: StatusCodes.Status202Accepted);
    }

    /// <summary>The asynchronous request-reply pattern's headers: where to poll, and when.</summary>
    internal static void SetPollingHeaders(HttpResponse response, Uri statusUrl)
    {
        response.Headers.Location = statusUrl.AbsoluteUri;
        response.Headers.RetryAfter = PollAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
