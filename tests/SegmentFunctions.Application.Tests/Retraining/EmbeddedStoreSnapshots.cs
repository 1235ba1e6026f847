using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Application.Snapshots;
using SegmentFunctions.Application.Tests.Ingestion;
using SegmentFunctions.Domain.Features;
using SegmentFunctions.Storage.Embedded;

namespace SegmentFunctions.Application.Tests.Retraining;

/// <summary>Snapshots taken as retraining takes them: documents written to the embedded store, then read out in key ranges.</summary>
internal static class EmbeddedStoreSnapshots
{
    /// <summary>A snapshot of <paramref name="documents"/> as of <paramref name="asOf"/> in <paramref name="shards"/> shards.</summary>
    public static async Task WriteAsync(
        IBlobStore blobs, string snapshotId, IEnumerable<CustomerFeatures> documents, DateTimeOffset asOf, int shards, int rowGroup,
        CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("embedded-store-snapshots-");
        try
        {
            using var features = new SqliteFeatureStore(Path.Combine(directory.FullName, "features.db"));
            foreach (var document in documents)
            {
                Assert.True((await features.WriteAsync(document, null, cancellationToken)).Succeeded);
            }

            var options = Options.Create(new SnapshotOptions { RowGroupSize = rowGroup, Shards = shards });
            var writer = new FeatureSnapshotWriter(features, blobs, options, new FixedTimeProvider(asOf.AddDays(1)), NullLogger<FeatureSnapshotWriter>.Instance);
            await writer.WriteAsync(new SnapshotRequest(snapshotId, asOf, "sqlite"), include: null, cancellationToken);
        }
        finally
        {
            directory.Delete(recursive: true);
        }

        var manifest = await new FeatureSnapshotReader(blobs, Options.Create(new SnapshotOptions())).ReadManifestAsync(snapshotId, cancellationToken);
        Assert.Equal(shards, FeatureSnapshotReader.ShardsOf(manifest).Count);
    }
}
