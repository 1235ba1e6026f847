using Microsoft.Extensions.Configuration;

namespace SegmentFunctions.Storage.Composition;

/// <summary>
/// The connections found in configuration, with the Functions host's setting names: a connection is either a
/// connection string ("CosmosDb", "AzureWebJobsStorage", or under ConnectionStrings) or, for managed identity, a section
/// of service URIs ("CosmosDb__accountEndpoint", "AzureWebJobsStorage__blobServiceUri", ... plus an optional clientId).
/// </summary>
public sealed record StorageConnections(
    string? CosmosConnectionString,
    Uri? CosmosAccountEndpoint,
    string? CosmosClientId,
    string? StorageConnectionString,
    Uri? BlobServiceUri,
    Uri? QueueServiceUri,
    string? StorageClientId,
    string DataDirectory)
{
    public const string CosmosName = "CosmosDb";
    public const string StorageName = "AzureWebJobsStorage";
    public const string DataDirectoryName = "SEGMENT_DATA_DIR";
    public const string DefaultDataDirectory = ".segment-data";

    public bool HasCosmos => CosmosConnectionString is not null || CosmosAccountEndpoint is not null;
    public bool HasStorage => StorageConnectionString is not null || BlobServiceUri is not null;

    public static StorageConnections From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var blobServiceUri = OptionalUri(configuration, $"{StorageName}:blobServiceUri");
        var queueServiceUri = OptionalUri(configuration, $"{StorageName}:queueServiceUri");
        if (queueServiceUri is not null && blobServiceUri is null)
        {
            throw new InvalidOperationException($"{StorageName}__queueServiceUri is set without {StorageName}__blobServiceUri; set both.");
        }

        return new StorageConnections(
            ConnectionString(configuration, CosmosName),
            OptionalUri(configuration, $"{CosmosName}:accountEndpoint"),
            NonEmpty(configuration[$"{CosmosName}:clientId"]),
            ConnectionString(configuration, StorageName),
            blobServiceUri,
            queueServiceUri ?? (blobServiceUri is null ? null : QueueUriFromBlobUri(blobServiceUri)),
            NonEmpty(configuration[$"{StorageName}:clientId"]),
            NonEmpty(configuration[DataDirectoryName]) ?? DefaultDataDirectory);
    }

    private static string? ConnectionString(IConfiguration configuration, string name) =>
        NonEmpty(configuration[name]) ?? NonEmpty(configuration.GetConnectionString(name));

    private static Uri? OptionalUri(IConfiguration configuration, string key)
    {
        var value = NonEmpty(configuration[key]);
        if (value is null)
        {
            return null;
        }

        return Uri.TryCreate(value, UriKind.Absolute, out var uri)
            ? uri
            : throw new InvalidOperationException($"Setting {key.Replace(":", "__", StringComparison.Ordinal)} = '{value}' is not an absolute URI.");
    }

    /// <summary>https://acct.blob.core.windows.net -> https://acct.queue.core.windows.net, as the Functions host does.</summary>
    private static Uri QueueUriFromBlobUri(Uri blob) =>
        new UriBuilder(blob) { Host = blob.Host.Replace(".blob.", ".queue.", StringComparison.OrdinalIgnoreCase) }.Uri;

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
