using Microsoft.Extensions.Logging.Abstractions;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Storage.Composition;
using SegmentFunctions.Storage.Cosmos;
using SegmentFunctions.Testing.Emulators;
using static SegmentFunctions.Storage.Tests.Features.FeatureSamples;

namespace SegmentFunctions.Storage.Tests.Features;

public sealed class CosmosUnavailableTests
{
    [Fact]
    public async Task A_dead_endpoint_surfaces_as_StoreUnavailableException_after_bounded_retries()
    {
        var closedPort = EmulatorProcess.FreePort();
        var options = new StorageOptions
        {
            CosmosGatewayMode = true,
            AcceptAnyServerCertificate = true,
            CosmosMaxAttempts = 3,
            CosmosRetryBaseDelay = TimeSpan.FromMilliseconds(10),
            CosmosRequestTimeout = TimeSpan.FromSeconds(2),
        };
        using var client = CosmosClientFactory.FromConnectionString(
            $"AccountEndpoint=https://127.0.0.1:{closedPort}/;AccountKey=C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==;",
            options);
        var store = new CosmosFeatureStore(client, options, NullLogger<CosmosFeatureStore>.Instance);

        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.ReadAsync(NewCustomerId(), CancellationToken.None));

        Assert.Contains("3 attempts", error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.InnerException);
    }
}
