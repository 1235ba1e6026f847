using Microsoft.Extensions.Configuration;

namespace SegmentFunctions.Cli.Tests.Infrastructure;

/// <summary>
/// Promotion gate settings for runs on a few thousand customers. The default gate rejects a segment with fewer than
/// 20 customers or 1% of the churn holdout, which is sized for production holdouts of tens of thousands; the holdout of
/// a 2,000-customer shop (500) or of the CDNOW sample (589) puts a legitimate small segment (2-3% of customers, a
/// handful in the holdout) under it. The gate still rejects empty segments and a single segment.
/// </summary>
internal static class SmallDataGate
{
    public static IConfiguration Configuration { get; } = With();

    public static IConfiguration With(IReadOnlyDictionary<string, string?>? settings = null) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["PromotionGate:MinSegmentCustomers"] = "1",
                ["PromotionGate:MinSegmentShare"] = "0.001",
            })
            .AddInMemoryCollection(settings ?? new Dictionary<string, string?>())
            .Build();
}
