using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using SegmentFunctions.Application.Ingestion;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Invocation;

namespace SegmentFunctions.Ingestion;

/// <summary>
/// <c>POST /FeaturizeEvents</c>: the Event Hubs trigger's invocation. Decode, featurize, answer. The status code is the
/// only thing the host acts on: 2xx lets the checkpoint advance; anything else fails the invocation and, under the
/// function's retry policy, replays the same batch.
/// </summary>
public static class FeaturizeEventsEndpoint
{
    public const string FunctionName = "FeaturizeEvents";

    /// <summary>Added by the host to every call; ties handler logs to the host's invocation.</summary>
    private const string InvocationIdHeader = "X-Azure-Functions-InvocationId";

    public static IEndpointRouteBuilder MapFeaturizeEvents(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost($"/{FunctionName}", HandleAsync).ExcludeFromDescription();
        return endpoints;
    }

    private static async Task<IResult> HandleAsync(
        HttpRequest request,
        [FromServices] EventHubInvocationDecoder decoder,
        [FromServices] IEventBatchProcessor processor,
        [FromServices] IDeadLetterSink deadLetters,
        [FromServices] TimeProvider time,
        [FromServices] ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger(typeof(FeaturizeEventsEndpoint));
        using var scope = logger.BeginScope(new Dictionary<string, object?>
        {
            ["InvocationId"] = request.Headers[InvocationIdHeader].ToString(),
        });
        var payload = await InvocationBody.ReadAsync(request, cancellationToken);

        EventBatch batch;
        try
        {
            batch = decoder.Decode(payload);
        }
        catch (MalformedInvocationException ex)
        {
            return await DeadLetterPayloadAsync(payload, ex, deadLetters, time, logger, cancellationToken);
        }

        try
        {
            var result = await processor.ProcessAsync(batch, cancellationToken);
            logger.LogInformation(
                "Batch of {Source}/{PartitionId}: {Received} received, {Applied} applied, {Duplicates} duplicates, {DeadLettered} dead-lettered, {CustomersWritten} customers written",
                batch.Source, batch.PartitionId, result.Received, result.Applied, result.Duplicates, result.DeadLettered, result.CustomersWritten);
            return InvocationBody.Respond(Summary(batch, result));
        }
        catch (Exception ex) when (ex is StoreUnavailableException or OperationCanceledException)
        {
            // Nothing of the batch is lost by failing: the host keeps the checkpoint and replays the batch, and the
            // featurizer's watermarks make the replay idempotent.
            logger.LogWarning(ex, "Batch of {Source}/{PartitionId} not processed ({EventCount} events); failing the invocation so the host replays it",
                batch.Source, batch.PartitionId, batch.Events.Count);
            return Results.Problem(
                title: "The batch was not processed; replay it.",
                detail: ex is StoreUnavailableException ? "A store stayed unavailable." : "The invocation was cancelled.",
                statusCode: StatusCodes.Status500InternalServerError);
        }
    }

    /// <summary>
    /// An envelope the decoder cannot read is deterministic: failing it would replay it forever under the unbounded
    /// retry policy and stall the partition behind it, while answering 200 alone would drop its events. So the raw
    /// payload goes to the dead-letter sink (keyed by its hash, so a replay writes the same letter) and the
    /// invocation succeeds. If the sink is unavailable the invocation fails and is replayed instead.
    /// </summary>
    private static async Task<IResult> DeadLetterPayloadAsync(
        byte[] payload, MalformedInvocationException error, IDeadLetterSink deadLetters, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(payload))[..16];
        var source = $"{FunctionName}/sha256:{hash}";
        logger.LogError(error, "Invocation payload {PayloadSource} ({PayloadBytes} bytes) cannot be decoded; dead-lettering it whole",
            source, payload.Length);

        var letter = new DeadLetter(
            Reason: $"Malformed invocation payload: {error.Message}",
            RawBody: Encoding.UTF8.GetString(payload),
            Source: source,
            PartitionId: null,
            SequenceNumber: null,
            EnqueuedTimeUtc: null,
            DeadLetteredAt: time.GetUtcNow());
        try
        {
            await deadLetters.WriteAsync([letter], cancellationToken);
        }
        catch (Exception ex) when (ex is StoreUnavailableException or OperationCanceledException)
        {
            logger.LogWarning(ex, "Dead-lettering payload {PayloadSource} failed; failing the invocation so the host replays it", source);
            return Results.Problem(title: "The malformed payload could not be dead-lettered; replay it.", statusCode: StatusCodes.Status500InternalServerError);
        }

        return InvocationBody.Respond($"{FunctionName}: malformed invocation payload dead-lettered as {source}: {error.Message}");
    }

    private static string Summary(EventBatch batch, BatchResult result) =>
        $"{FunctionName} {batch.Source}/{batch.PartitionId}: received {result.Received}, applied {result.Applied}, "
        + $"duplicates {result.Duplicates}, dead-lettered {result.DeadLettered}, customers written {result.CustomersWritten}, "
        + $"store round trips {result.StoreRoundTrips}";
}
