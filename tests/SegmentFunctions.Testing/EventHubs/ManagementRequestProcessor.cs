using Amqp;
using Amqp.Framing;
using Amqp.Listener;
using Amqp.Types;

namespace SegmentFunctions.Testing.EventHubs;

/// <summary>
/// The <c>$management</c> node's two reads that the client issues: the hub's properties (<c>com.microsoft:eventhub</c>)
/// and a partition's runtime properties (<c>com.microsoft:partition</c>). Anything else is answered 404.
/// </summary>
internal sealed class ManagementRequestProcessor(EventHubsTestDouble hub) : IRequestProcessor
{
    public int Credit => 100;

    public void Process(RequestContext requestContext)
    {
        var request = requestContext.Message;
        var properties = request.ApplicationProperties;
        var operation = properties?["operation"] as string;
        var type = properties?["type"] as string;
        var name = properties?["name"] as string;

        Map? body = null;
        if (operation == "READ" && string.Equals(name, hub.Name, StringComparison.OrdinalIgnoreCase))
        {
            if (type == "com.microsoft:eventhub")
            {
                body = new Map
                {
                    ["name"] = hub.Name,
                    ["created_at"] = hub.CreatedAt.UtcDateTime,
                    ["partition_count"] = hub.PartitionIds.Count,
                    ["partition_ids"] = hub.PartitionIds.ToArray(),
                };
            }
            else if (type == "com.microsoft:partition" && properties?["partition"] is string partitionId && hub.FindPartition(partitionId) is { } partition)
            {
                var snapshot = partition.Properties();
                body = new Map
                {
                    ["name"] = hub.Name,
                    ["partition"] = snapshot.Id,
                    ["begin_sequence_number"] = snapshot.BeginSequenceNumber,
                    ["last_enqueued_sequence_number"] = snapshot.LastSequenceNumber,
                    ["last_enqueued_offset"] = snapshot.LastOffset,
                    ["last_enqueued_time_utc"] = snapshot.LastEnqueuedTime.UtcDateTime,
                    ["is_partition_empty"] = snapshot.IsEmpty,
                };
            }
        }

        var response = new Message
        {
            Properties = new Properties { CorrelationId = request.Properties?.MessageId },
            ApplicationProperties = new ApplicationProperties(),
            BodySection = new AmqpValue { Value = body },
        };
        response.ApplicationProperties["status-code"] = body is null ? 404 : 200;
        response.ApplicationProperties["status-description"] = body is null ? "Not found" : "OK";
        requestContext.Complete(response);
    }
}
