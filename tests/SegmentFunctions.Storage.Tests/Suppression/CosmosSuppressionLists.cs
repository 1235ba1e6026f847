using Microsoft.Extensions.Logging.Abstractions;
using SegmentFunctions.Storage.Cosmos;
using SegmentFunctions.Testing.Emulators;

namespace SegmentFunctions.Storage.Tests.Suppression;

/// <summary>Suppression lists on cosmosdb-server, each in a new container so tests do not see each other's ids.</summary>
internal static class CosmosSuppressionLists
{
    public static CosmosSuppressionList Create(Emulators emulators)
    {
        var options = Emulators.CosmosOptions();
        options.CosmosSuppressionContainer = "suppressions-" + Guid.NewGuid().ToString("N")[..12];
        return new CosmosSuppressionList(emulators.CosmosClient, options, NullLogger<CosmosSuppressionList>.Instance);
    }
}
