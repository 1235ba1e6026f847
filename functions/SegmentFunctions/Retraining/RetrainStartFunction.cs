using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using SegmentFunctions.Application.Retraining;
using SegmentFunctions.Hosting;
using SegmentFunctions.Invocation;

namespace SegmentFunctions.Retraining;

/// <summary>
/// <c>POST /api/retrain</c> (function RetrainStart, forwarded): starts a run, or returns the active one. Answers like Durable's check-status response: 202 Accepted, <c>Location</c> = the status URL.
/// An optional JSON body (<see cref="RetrainStartRequest"/>) sets force and as-of; a malformed one is a 400.
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
            .Accepts<RetrainStartRequest>(isOptional: true, "application/json")
            .Produces<RetrainCheckStatus>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return endpoints;
    }

    private static async Task<IResult> StartAsync(HttpContext context, [FromServices] RetrainStarter starter, CancellationToken cancellationToken)
    {
        RetrainStartRequest? options;
        try
        {
            options = await ReadOptionsAsync(context.Request, cancellationToken);
        }
        catch (JsonException ex)
        {
            return Results.Problem(
                title: "Malformed retrain request.",
                detail: $"The body must be empty or JSON like {{\"force\":true,\"asOf\":\"2026-11-22T00:00:00Z\"}}: {ex.Message}",
                statusCode: StatusCodes.Status400BadRequest);
        }

        var start = await starter.StartAsync(new RetrainRequest(Trigger, options?.AsOf, options?.Force ?? false), cancellationToken);
        var statusUrl = PublicUrl.For(context.Request, RetrainStatusFunction.PathOf(start.RunId));
        SetPollingHeaders(context.Response, statusUrl);
        return Results.Json(
            new RetrainCheckStatus(start.RunId, statusUrl, start.Created),
            RetrainingJsonContext.Default.RetrainCheckStatus,
            statusCode: StatusCodes.Status202Accepted);
    }

    /// <summary>Null for an empty body (the usual <c>Content-Length: 0</c> call).</summary>
    private static async Task<RetrainStartRequest?> ReadOptionsAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var body = await InvocationBody.ReadAsync(request, cancellationToken);
        return body.AsSpan().Trim(" \t\r\n"u8).IsEmpty
            ? null
            : JsonSerializer.Deserialize(body, RetrainingJsonContext.Default.RetrainStartRequest)
              ?? throw new JsonException("The body is JSON null.");
    }

    /// <summary>The asynchronous request-reply pattern's headers: where to poll, and when.</summary>
    internal static void SetPollingHeaders(HttpResponse response, Uri statusUrl)
    {
        response.Headers.Location = statusUrl.AbsoluteUri;
        response.Headers.RetryAfter = PollAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
