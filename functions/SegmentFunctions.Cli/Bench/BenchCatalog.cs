namespace SegmentFunctions.Cli.Bench;

/// <summary>Every benchmark `segment bench` runs, in order.</summary>
internal static class BenchCatalog
{
    public static IReadOnlyList<IBenchmark> All { get; } =
    [
        new SegmentationBench(),
        new LifetimeBench(),
        new TransactionsBench(),
        new FeaturizationBench(),
        new EmbeddedStoreBench(),
        new ScoringBench(),
        new ChurnBench(),
        new RetrainBench(),
        new ScaleBench(),
    ];
}
