using System.Collections.Concurrent;
using Azure.Storage.Queues;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Storage.Naming;

namespace SegmentFunctions.Storage.Queues;

/// <summary>Named queues of one storage account; the service client must use Base64 message encoding.</summary>
public sealed class StorageQueueWorkQueueFactory(QueueServiceClient service) : IWorkQueueFactory
{
    private readonly ConcurrentDictionary<string, StorageQueueWorkQueue> _queues = new(StringComparer.Ordinal);

    public IWorkQueue Get(string queueName)
    {
        QueueNames.Validate(queueName);
        return _queues.GetOrAdd(queueName, name => new StorageQueueWorkQueue(service.GetQueueClient(name)));
    }
}
