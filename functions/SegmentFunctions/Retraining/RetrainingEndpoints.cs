namespace SegmentFunctions.Retraining;

/// <summary>The retraining functions: the timer trigger's invocation and the forwarded HTTP API.</summary>
public static class RetrainingEndpoints
{
    public static IEndpointRouteBuilder MapRetraining(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapRetrainSchedule().MapRetrainStart().MapRetrainStatus();
}
