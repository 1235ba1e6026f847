using SegmentFunctions.Application.Composition;
using SegmentFunctions.DeadLetters;
using SegmentFunctions.Ingestion;
using SegmentFunctions.Retraining;
using SegmentFunctions.Segments;
using SegmentFunctions.Serving;
using SegmentFunctions.Storage.Composition;

namespace SegmentFunctions.Composition;

/// <summary>
/// The services the functions need, feature by feature: the same composition under the Functions host and under
/// <c>segment serve</c>. The host of the retraining orchestration is not among them: Durable Functions under the
/// Functions host, the local Durable Task host under <c>segment serve</c>.
/// </summary>
public static class FunctionAppServices
{
    public static IServiceCollection AddSegmentFunctions(this IServiceCollection services, IConfiguration configuration) =>
        services
            .AddSegmentStorage(configuration)
            .AddSegmentIngestion(configuration)
            .AddEventHubDecoding(configuration)
            .AddScoreServing(configuration)
            .AddSegmentAudiences()
            .AddDeadLetterSummary()
            .AddSegmentRetraining(configuration)
            .AddRetrainTriggers()
            .AddProblemDetails();
}
