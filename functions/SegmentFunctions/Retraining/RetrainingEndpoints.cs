namespace SegmentFunctions.Retraining;

/// <summary>The retraining functions: the timer and queue triggers' invocations and the forwarded HTTP API.</summary>
public static class RetrainingEndpoints
{
    public static IEndpointRouteBuilder MapRetraining(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapRetrainSchedule().MapRetrainWorker().MapRetrainStart().MapRetrainStatus();
}
