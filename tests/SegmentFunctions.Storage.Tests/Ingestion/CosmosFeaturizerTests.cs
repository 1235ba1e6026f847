using SegmentFunctions.Application.Ports;
using SegmentFunctions.Storage.Blobs;
using SegmentFunctions.Storage.Tests.Suppression;
using SegmentFunctions.Testing.Emulators;
using Xunit.Abstractions;

namespace SegmentFunctions.Storage.Tests.Ingestion;

/// <summary>Each test's stores get new containers; dead letters share Azurite's "deadletter" container, told apart by partition.</summary>
[Collection(Emulators.Collection)]
public sealed class CosmosFeaturizerTests(Emulators emulators, ITestOutputHelper output) : FeaturizerOnStoreContract(output)
{
    private readonly BlobDeadLetterSink _deadLetters = new(new AzureBlobStore(emulators.CreateBlobServiceClient()));

    protected override string StoreName => "Cosmos (cosmosdb-server)";

    protected override IDeadLetterArchive DeadLetters => _deadLetters;

    protected override ISuppressionList Suppressions { get; } = CosmosSuppressionLists.Create(emulators);

    protected override IFeatureStore CreateStore() => emulators.CreateCosmosFeatureStore();
}
