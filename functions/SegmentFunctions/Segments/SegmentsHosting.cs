namespace SegmentFunctions.Segments;

public static class SegmentsHosting
{
    /// <summary>The audience reader of <c>GET /api/segments/{segmentId}/customers</c>.</summary>
    public static IServiceCollection AddSegmentAudiences(this IServiceCollection services)
    {
        services.AddSingleton<SegmentAudience>();
        return services;
    }
}
