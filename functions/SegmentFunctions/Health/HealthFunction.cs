using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Application.Serving;
using SegmentFunctions.Hosting;
using SegmentFunctions.Scoring;

namespace SegmentFunctions.Health;

/// <summary><c>GET /api/health</c> (anonymous): store reachable, model loaded, model version.</summary>
public sealed partial class HealthFunction(IFeatureStore store, ServingModelHolder models, ILogger<HealthFunction> logger)
{
    public const string Name = "Health";

    /// <summary>
    /// A customer id no document has; reading it is the point read score requests make (the serving read), so it touches
    /// the store the same way and finds nothing.
    /// </summary>
    private const string ProbeId = "__health-probe__";

    [Function(Name)]
    [EndpointSummary("Whether the feature store answers and which model serves.")]
    [ProducesResponseType<HealthResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<HealthResponse>(StatusCodes.Status503ServiceUnavailable)]
    public async Task<IResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request, CancellationToken cancellationToken)
    {
        bool reachable;
        try
        {
            await store.ReadFeaturesAsync(ProbeId, cancellationToken);
            reachable = true;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogStoreUnreachable(logger, e);
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
