using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SegmentFunctions.Application.BatchScoring;
using SegmentFunctions.Application.Composition;
using SegmentFunctions.Application.Snapshots;
using SegmentFunctions.Storage.Composition;

namespace SegmentFunctions.Storage.Tests.Composition;

/// <summary>Batch scoring composed on the embedded storage, with settings from configuration.</summary>
public sealed class BatchScoringCompositionTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    [Fact]
    public async Task Composed_services_bind_the_batch_scoring_section_and_bring_the_snapshot_reader()
    {
        using var services = Build(new Dictionary<string, string?>
        {
            ["SEGMENT_DATA_DIR"] = _directory.Path,
            ["BatchScoring:Container"] = "audiences",
            ["BatchScoring:RowGroupSize"] = "1000",
        });

        var options = services.GetRequiredService<IOptions<BatchScoringOptions>>().Value;

        Assert.Equal("audiences", options.Container);
        Assert.Equal(1000, options.RowGroupSize);
        Assert.NotNull(services.GetRequiredService<BatchScorer>());
        Assert.NotNull(services.GetRequiredService<FeatureSnapshotReader>());
        Assert.Null(await services.GetRequiredService<BatchScoreReader>().ReadManifestAsync("v1", CancellationToken.None));
    }

    [Fact]
    public void Invalid_settings_fail_when_resolved()
    {
        using var services = Build(new Dictionary<string, string?>
        {
            ["SEGMENT_DATA_DIR"] = _directory.Path,
            ["BatchScoring:RowGroupSize"] = "0",
        });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<BatchScorer>());

        Assert.Contains("BatchScoring:RowGroupSize must be positive", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }

    private static ServiceProvider Build(IDictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection()
            .AddLogging()
            .AddSegmentStorage(configuration)
            .AddSegmentBatchScoring(configuration)
            .BuildServiceProvider();
    }
}
