using SegmentFunctions.Application.DeadLetters;

namespace SegmentFunctions.DeadLetters;

public static class DeadLettersHosting
{
    /// <summary>The dead-letter count of <c>GET /api/deadletters/summary</c>.</summary>
    public static IServiceCollection AddDeadLetterSummary(this IServiceCollection services)
    {
        services.AddSingleton<DeadLetterCounter>();
        return services;
    }
}
