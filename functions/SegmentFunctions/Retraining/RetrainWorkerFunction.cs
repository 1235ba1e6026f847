using Microsoft.AspNetCore.Mvc;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Invocation;

namespace SegmentFunctions.Retraining;

/// <summary>
/// <c>POST /RetrainWorker</c>: the retrain-runs queue trigger's invocation. Runs or resumes the message's run to a
/// terminal status and answers 200, which deletes the message. Any other outcome answers 500, which fails the
/// delivery: the message reappears (the run resumes from its journal) and after host.json's maxDequeueCount
/// deliveries goes to retrain-runs-poison.
/// </summary>
public static class RetrainWorkerFunction
{
    public const string FunctionName = "RetrainWorker";

    /// <summary>The function.json name of the queueTrigger binding.</summary>
    public const string BindingName = "message";

    public static IEndpointRouteBuilder MapRetrainWorker(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost($"/{FunctionName}", WorkAsync).ExcludeFromDescription();
        return endpoints;
    }

    private static async Task<IResult> WorkAsync(HttpRequest request, [FromServices] RetrainRunProcessor processor, [FromServices] ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger(typeof(RetrainWorkerFunction));
        QueueInvocation message;
        try
        {
            message = QueueInvocationDecoder.Decode(await InvocationBody.ReadAsync(request, cancellationToken), BindingName);
        }
        catch (MalformedInvocationException ex)
        {
            logger.LogError(ex, "The {FunctionName} invocation payload cannot be read; failing the delivery", FunctionName);
            return Fail($"The invocation payload cannot be read: {ex.Message}");
        }

        using var scope = logger.BeginScope(new Dictionary<string, object?> { ["MessageId"] = message.MessageId, ["DequeueCount"] = message.DequeueCount });
        try
        {
            var outcome = await processor.ProcessAsync(message.MessageText, cancellationToken);
            return outcome.Settled
                ? InvocationBody.Respond($"{FunctionName}: {outcome.Description}")
                : Fail(outcome.Description);
        }
        catch (Exception ex) when (ex is StoreUnavailableException or LeaseLostException or OperationCanceledException)
        {
            // The engine was interrupted (store, lease, cancellation or time-out): nothing of the run is lost, it
            // resumes from its journal when the message reappears.
            logger.LogWarning(ex, "{FunctionName}: the run was interrupted; failing the delivery so the message reappears", FunctionName);
            return Fail("The run was interrupted and stays resumable; the message will be delivered again.");
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "{FunctionName}: the run failed unexpectedly; failing the delivery so the message reappears", FunctionName);
            return Fail("The run failed unexpectedly and stays resumable; the message will be delivered again.");
        }
    }

    private static IResult Fail(string detail) =>
        Results.Problem(title: "The retrain-runs message was not completed.", detail: detail, statusCode: StatusCodes.Status500InternalServerError);
}
