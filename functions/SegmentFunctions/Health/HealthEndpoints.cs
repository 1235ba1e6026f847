using Microsoft.AspNetCore.Mvc;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Application.Serving;
using SegmentFunctions.Hosting;
using SegmentFunctions.Scoring;

namespace SegmentFunctions.Health;

/// <summary><c>GET /api/health</c> (anonymous, also without the API key): store reachable, model loaded, model version.</summary>
public static partial class HealthEndpoints
{
    public const string Route = "/api/health";

    /// <summary>
    /// A customer id no document has; reading it is the point read score requests make (the serving read), so it touches
    /// the store the same way and finds nothing.
    /// </summary>
    private const string ProbeId = "__health-probe__";

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Route, GetAsync)
            .WithName("Health")
            .WithSummary("Whether the feature store answers and which model serves.")
            .Produces<HealthResponse>(StatusCodes.Status200OK)
            .Produces<HealthResponse>(StatusCodes.Status503ServiceUnavailable)
            .WithMetadata(ApiKeyExempt.Instance);
        return endpoints;
    }

    private static async Task<IResult> GetAsync(
        [FromServices] IFeatureStore store,
        [FromServices] ServingModelHolder models,
        [FromServices] ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        bool reachable;
        try
        {
            await store.ReadFeaturesAsync(ProbeId, cancellationToken);
            reachable = true;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogStoreUnreachable(loggers.CreateLogger(typeof(HealthEndpoints)), e);
            reachable = false;
        }

        var model = models.Current;
        var status = !reachable ? "unhealthy" : model is null ? "degraded" : "healthy";
        return new SizedJsonResult<HealthResponse>(
            new HealthResponse(status, reachable, model is not null, model?.Version, model?.LoadedAt),
            ServingJsonContext.Default.HealthResponse,
            reachable ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Health probe: the feature store did not answer")]
    private static partial void LogStoreUnreachable(ILogger logger, Exception exception);
}
