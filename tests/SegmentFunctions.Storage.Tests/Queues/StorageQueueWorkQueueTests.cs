using SegmentFunctions.Application.Ports;
using SegmentFunctions.Storage.Queues;
using SegmentFunctions.Testing.Emulators;

namespace SegmentFunctions.Storage.Tests.Queues;

[Collection(Emulators.Collection)]
public sealed class StorageQueueWorkQueueTests(Emulators emulators) : WorkQueueContract
{
    protected override IWorkQueueFactory Queues { get; } = new StorageQueueWorkQueueFactory(emulators.CreateQueueServiceClient());
}
