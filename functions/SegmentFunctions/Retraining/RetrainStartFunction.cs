using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using SegmentFunctions.Application.Retraining;
using SegmentFunctions.Application.Retraining.Runs;

namespace SegmentFunctions.Retraining;

/// <summary>
/// <c>POST /api/retrain</c>: starts a run on the task hub, or returns the active one (runs are singletons). Answers
/// like Durable's check-status response: 202 Accepted, <c>Location</c> = the app's status URL, and under the Functions
/// host Durable's own management links for the run (<see cref="RetrainCheckStatus.Durable"/>). An optional JSON body
/// (<see cref="RetrainStartRequest"/>) sets force and as-of; a malformed one is a 400.
/// </summary>
public sealed class RetrainStartFunction(RetrainRuns runs, RetrainStatusUrl statusUrls)
{
    public const string Name = "RetrainStart";
    public const string Trigger = "http";

    [Function(Name)]
    [EndpointSummary("Starts a retraining run, or returns the active one; poll the status URL.")]
    [Consumes(typeof(RetrainStartRequest), "application/json", IsOptional = true)]
    [ProducesResponseType<RetrainCheckStatus>(
        StatusCodes.Status202Accepted,
        Description = "Accepted. statusQueryGetUri (and Location) is this app's GET /api/retrain/{runId}, the one to poll; "
            + "durable holds Durable Functions' own management links for the run's instance (status, raiseEvent, terminate, "
            + "suspend, resume, purge; they carry the system key) under the Functions host, and is null under segment serve.")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status503ServiceUnavailable, "application/problem+json")]
    public async Task<IResult> PostAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "retrain")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        RetrainStartRequest? options;
        try
        {
            options = await ReadOptionsAsync(request, cancellationToken);
        }
        catch (JsonException ex)
        {
            return Results.Problem(
                title: "Malformed retrain request.",
                detail: $"The body must be empty or JSON like {{\"force\":true,\"asOf\":\"2026-11-22T00:00:00Z\"}}: {ex.Message}",
                statusCode: StatusCodes.Status400BadRequest);
        }

        var start = await runs.StartAsync(client, new RetrainRequest(Trigger, options?.AsOf, options?.Force ?? false), cancellationToken);
        var statusUrl = statusUrls.For(start.RunId);
        RetrainPolling.SetHeaders(request.HttpContext.Response, statusUrl);
        return Results.Json(
            new RetrainCheckStatus(start.RunId, statusUrl, start.Created, DurableLinks(client, start.RunId)),
            RetrainingJsonContext.Default.RetrainCheckStatus,
            statusCode: StatusCodes.Status202Accepted);
    }

    /// <summary>
    /// Durable's management links from the client the <c>[DurableClient]</c> binding gives under the Functions host,
    /// built on the base URL and system key the host passes to the binding (never on the request's Host header).
    /// A Durable Task SDK client outside the host has no such base URL: the package then throws
    /// <see cref="InvalidOperationException"/>, and there are no links.
    /// </summary>
    private static DurableManagementLinks? DurableLinks(DurableTaskClient client, string instanceId)
    {
        try
        {
            return DurableManagementLinks.From(instanceId, client.CreateHttpManagementPayload(instanceId));
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>Null for an empty body (the usual <c>Content-Length: 0</c> call).</summary>
    private static async Task<RetrainStartRequest?> ReadOptionsAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        var body = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        return body.Span.Trim(" \t\r\n"u8).IsEmpty
            ? null
            : JsonSerializer.Deserialize(body.Span, RetrainingJsonContext.Default.RetrainStartRequest)
              ?? throw new JsonException("The body is JSON null.");
    }
}
