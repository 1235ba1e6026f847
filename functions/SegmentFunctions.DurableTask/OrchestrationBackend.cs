using Azure.Identity;
using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.DurableTask.Testing.Sidecar;
using Microsoft.Extensions.Logging;
using SegmentFunctions.Storage.Composition;

namespace SegmentFunctions.DurableTask;

/// <summary>
/// The orchestration service behind the local sidecar: Azure Storage (queues, tables, blobs of the task hub) when a
/// storage connection is configured, so a run outlives its process and resumes; else in memory, forgotten with it.
/// </summary>
internal static class OrchestrationBackend
{
    public static IOrchestrationService Create(StorageConnections connections, LocalDurableTaskOptions options, ILoggerFactory loggers)
    {
        if (!connections.HasStorage)
        {
            return new InMemoryOrchestrationService(loggers);
        }

        var settings = new AzureStorageOrchestrationServiceSettings
        {
            TaskHubName = options.HubName,
            StorageAccountClientProvider = connections.StorageConnectionString is { } connectionString
                ? new StorageAccountClientProvider(connectionString)
                : new StorageAccountClientProvider(
                    connections.BlobServiceUri!,
                    connections.QueueServiceUri!,
                    TableUriFromBlobUri(connections.BlobServiceUri!),
                    new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = connections.StorageClientId })),
            WorkItemQueueVisibilityTimeout = options.WorkItemQueueVisibilityTimeout,
            ControlQueueVisibilityTimeout = options.ControlQueueVisibilityTimeout,
            MaxQueuePollingInterval = options.MaxQueuePollingInterval,
            MaxConcurrentTaskActivityWorkItems = options.MaxConcurrentActivities,
            LoggerFactory = loggers,
        };
        return new AzureStorageOrchestrationService(settings);
    }

    private static Uri TableUriFromBlobUri(Uri blob) =>
        new UriBuilder(blob) { Host = blob.Host.Replace(".blob.", ".table.", StringComparison.OrdinalIgnoreCase) }.Uri;
}
