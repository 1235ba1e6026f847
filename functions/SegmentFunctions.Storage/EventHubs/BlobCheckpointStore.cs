using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Azure.Messaging.EventHubs.Consumer;
using Azure.Messaging.EventHubs.Primitives;
using Azure.Messaging.EventHubs.Processor;
using SegmentFunctions.Application.Ports;

namespace SegmentFunctions.Storage.EventHubs;

/// <summary>
/// The event processor's partition ownership and checkpoints on the project's blob port (Azure Blob Storage, Azurite,
/// or the local folder of the embedded default), in container <c>eventhubs</c>:
/// <c>{namespace}/{hub}/{consumer group}/ownership/{partition}</c> and <c>.../checkpoint/{partition}</c>, lowercased.
/// A claim is a conditional write: a new ownership only if none exists, an existing one only if its ETag (the
/// ownership's <see cref="EventProcessorPartitionOwnership.Version"/>) still matches, so of two instances claiming the
/// same partition at once exactly one wins. The last-modified time the load balancer ages claims by is the store's.
/// </summary>
public sealed class BlobCheckpointStore(IBlobStore blobs) : CheckpointStore
{
    public const string Container = "eventhubs";

    public override async Task<IEnumerable<EventProcessorPartitionOwnership>> ListOwnershipAsync(
        string fullyQualifiedNamespace, string eventHubName, string consumerGroup, CancellationToken cancellationToken)
    {
        var prefix = $"{Prefix(fullyQualifiedNamespace, eventHubName, consumerGroup)}/ownership/";
        var owned = new List<EventProcessorPartitionOwnership>();
        await foreach (var blob in blobs.ListAsync(prefix, cancellationToken).ConfigureAwait(false))
        {
            var (record, etag) = await ReadAsync(blob.Path, EventHubsJsonContext.Default.OwnershipRecord, cancellationToken).ConfigureAwait(false);
            if (record is null)
            {
                continue;
            }

            owned.Add(new EventProcessorPartitionOwnership
            {
                FullyQualifiedNamespace = fullyQualifiedNamespace,
                EventHubName = eventHubName,
                ConsumerGroup = consumerGroup,
                PartitionId = blob.Path[prefix.Length..],
                OwnerIdentifier = record.OwnerIdentifier,
                LastModifiedTime = blob.LastModified,
                Version = etag,
            });
        }

        return owned;
    }

    public override async Task<IEnumerable<EventProcessorPartitionOwnership>> ClaimOwnershipAsync(
        IEnumerable<EventProcessorPartitionOwnership> desiredOwnership, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(desiredOwnership);
        var claimed = new List<EventProcessorPartitionOwnership>();
        foreach (var desired in desiredOwnership)
        {
            var path = OwnershipPath(desired.FullyQualifiedNamespace, desired.EventHubName, desired.ConsumerGroup, desired.PartitionId);
            var condition = desired.Version is null ? BlobCondition.IfNotExists : BlobCondition.IfMatch(desired.Version);
            string etag;
            try
            {
                etag = await WriteAsync(path, new OwnershipRecord(desired.OwnerIdentifier ?? ""), EventHubsJsonContext.Default.OwnershipRecord, condition, cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (BlobConditionFailedException)
            {
                // Another instance claimed or renewed it since this one listed: not ours.
                continue;
            }

            var properties = await blobs.GetPropertiesAsync(path, cancellationToken).ConfigureAwait(false);
            claimed.Add(new EventProcessorPartitionOwnership
            {
                FullyQualifiedNamespace = desired.FullyQualifiedNamespace,
                EventHubName = desired.EventHubName,
                ConsumerGroup = desired.ConsumerGroup,
                PartitionId = desired.PartitionId,
                OwnerIdentifier = desired.OwnerIdentifier,
                LastModifiedTime = properties?.ETag == etag ? properties.LastModified : DateTimeOffset.UtcNow,
                Version = etag,
            });
        }

        return claimed;
    }

    public override async Task<EventProcessorCheckpoint?> GetCheckpointAsync(
        string fullyQualifiedNamespace, string eventHubName, string consumerGroup, string partitionId, CancellationToken cancellationToken)
    {
        var path = CheckpointPath(fullyQualifiedNamespace, eventHubName, consumerGroup, partitionId);
        var (record, _) = await ReadAsync(path, EventHubsJsonContext.Default.CheckpointRecord, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            return null;
        }

        return new EventProcessorCheckpoint
        {
            FullyQualifiedNamespace = fullyQualifiedNamespace,
            EventHubName = eventHubName,
            ConsumerGroup = consumerGroup,
            PartitionId = partitionId,
            ClientIdentifier = record.ClientIdentifier,
            // The offset is the service's own cursor; the sequence number is the fallback of a checkpoint written without one.
            StartingPosition = string.IsNullOrEmpty(record.Offset)
                ? EventPosition.FromSequenceNumber(record.SequenceNumber, isInclusive: false)
                : EventPosition.FromOffset(record.Offset, isInclusive: false),
        };
    }

    public override Task UpdateCheckpointAsync(
        string fullyQualifiedNamespace, string eventHubName, string consumerGroup, string partitionId, string clientIdentifier,
        CheckpointPosition startingPosition, CancellationToken cancellationToken) =>
        WriteAsync(
            CheckpointPath(fullyQualifiedNamespace, eventHubName, consumerGroup, partitionId),
            new CheckpointRecord(startingPosition.OffsetString, startingPosition.SequenceNumber, clientIdentifier),
            EventHubsJsonContext.Default.CheckpointRecord,
            BlobCondition.None,
            cancellationToken);

    private static string Prefix(string fullyQualifiedNamespace, string eventHubName, string consumerGroup) =>
        $"{Container}/{fullyQualifiedNamespace}/{eventHubName}/{consumerGroup}".ToLowerInvariant();

    private static string OwnershipPath(string fullyQualifiedNamespace, string eventHubName, string consumerGroup, string partitionId) =>
        $"{Prefix(fullyQualifiedNamespace, eventHubName, consumerGroup)}/ownership/{partitionId}";

    private static string CheckpointPath(string fullyQualifiedNamespace, string eventHubName, string consumerGroup, string partitionId) =>
        $"{Prefix(fullyQualifiedNamespace, eventHubName, consumerGroup)}/checkpoint/{partitionId}";

    private async Task<(T? Record, string? ETag)> ReadAsync<T>(string path, JsonTypeInfo<T> type, CancellationToken cancellationToken)
        where T : class
    {
        var download = await blobs.OpenReadAsync(path, cancellationToken).ConfigureAwait(false);
        if (download is null)
        {
            return (null, null);
        }

        await using (download.ConfigureAwait(false))
        {
            var record = await JsonSerializer.DeserializeAsync(download.Content, type, cancellationToken).ConfigureAwait(false);
            return (record, download.ETag);
        }
    }

    private async Task<string> WriteAsync<T>(string path, T record, JsonTypeInfo<T> type, BlobCondition condition, CancellationToken cancellationToken)
    {
        using var content = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(record, type));
        return await blobs.WriteAsync(path, content, condition, cancellationToken).ConfigureAwait(false);
    }
}
