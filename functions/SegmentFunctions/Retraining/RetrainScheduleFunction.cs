using Microsoft.AspNetCore.Mvc;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Invocation;

namespace SegmentFunctions.Retraining;

/// <summary>
/// <c>POST /RetrainSchedule</c>: the timer trigger's invocation (schedule <c>%RetrainSchedule%</c>). Starts a run
/// unless <see cref="RetrainScheduler"/> skips the tick. A 500 fails the invocation, which the function's retry policy
/// repeats a few times; a tick that still fails waits for the next occurrence.
/// </summary>
public static class RetrainScheduleFunction
{
    public const string FunctionName = "RetrainSchedule";

    /// <summary>The function.json name of the timerTrigger binding.</summary>
    public const string BindingName = "timer";

    public static IEndpointRouteBuilder MapRetrainSchedule(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost($"/{FunctionName}", TickAsync).ExcludeFromDescription();
        return endpoints;
    }

    private static async Task<IResult> TickAsync(HttpRequest request, [FromServices] RetrainScheduler scheduler, [FromServices] ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger(typeof(RetrainScheduleFunction));
        TimerInvocation tick;
        try
        {
            tick = TimerInvocationDecoder.Decode(await InvocationBody.ReadAsync(request, cancellationToken), BindingName);
        }
        catch (MalformedInvocationException ex)
        {
            // Nothing is lost by answering 200: the tick carries no data, and the next occurrence comes anyway.
            logger.LogError(ex, "The {FunctionName} invocation payload cannot be read; this tick does nothing", FunctionName);
            return InvocationBody.Respond($"{FunctionName}: malformed invocation payload ignored: {ex.Message}");
        }

        try
        {
            var decision = await scheduler.TickAsync(tick, cancellationToken);
            return InvocationBody.Respond($"{FunctionName}: {decision.Reason}");
        }
        catch (Exception ex) when (ex is StoreUnavailableException or OperationCanceledException)
        {
            logger.LogWarning(ex, "The {FunctionName} tick failed; failing the invocation so its retry policy repeats it", FunctionName);
            return Results.Problem(title: "The scheduled retrain could not be started; retry.", statusCode: StatusCodes.Status500InternalServerError);
        }
    }
}
