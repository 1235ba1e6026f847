using Azure.Messaging.EventHubs.Consumer;
using Azure.Messaging.EventHubs.Primitives;
using Azure.Messaging.EventHubs.Processor;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Storage.EventHubs;

namespace SegmentFunctions.Storage.Tests.EventHubs;

/// <summary>The behaviour the event processor relies on from <see cref="BlobCheckpointStore"/>, on each blob store.</summary>
public abstract class CheckpointStoreContract
{
    private const string Hub = "customer-events";
    private const string Group = "$Default";
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(1));

    /// <summary>A namespace of its own per test, so tests never see each other's claims.</summary>
    private readonly string _namespace = $"ns-{Guid.NewGuid():N}.servicebus.windows.net";

    protected abstract IBlobStore Blobs { get; }

    /// <summary>Lets time pass for the store's clock: a manual clock locally, nothing in Azure (claims are aged by their listed time).</summary>
    protected abstract Task PassAsync(TimeSpan duration);

    private CancellationToken Ct => _timeout.Token;

    private BlobCheckpointStore Store => new(Blobs);

    [Fact]
    public async Task A_claim_of_an_unowned_partition_succeeds_and_is_listed_with_its_version()
    {
        var claimed = Assert.Single(await Store.ClaimOwnershipAsync([Desired("0", "instance-a", version: null)], Ct));

        Assert.Equal("instance-a", claimed.OwnerIdentifier);
        Assert.False(string.IsNullOrEmpty(claimed.Version));
        var listed = Assert.Single(await Store.ListOwnershipAsync(_namespace, Hub, Group, Ct));
        Assert.Equal(("0", "instance-a", claimed.Version), (listed.PartitionId, listed.OwnerIdentifier, listed.Version));
        Assert.Equal(claimed.LastModifiedTime, listed.LastModifiedTime);
    }

    [Fact]
    public async Task A_conflicting_claim_is_refused()
    {
        var first = Assert.Single(await Store.ClaimOwnershipAsync([Desired("1", "instance-a", version: null)], Ct));

        // Both instances saw the partition unowned; the second to write loses.
        Assert.Empty(await Store.ClaimOwnershipAsync([Desired("1", "instance-b", version: null)], Ct));

        // A renewal moves the version on; a claim on the version seen before is refused.
        var renewed = Assert.Single(await Store.ClaimOwnershipAsync([Desired("1", "instance-a", first.Version)], Ct));
        Assert.NotEqual(first.Version, renewed.Version);
        Assert.Empty(await Store.ClaimOwnershipAsync([Desired("1", "instance-b", first.Version)], Ct));
        Assert.Equal("instance-a", Assert.Single(await Store.ListOwnershipAsync(_namespace, Hub, Group, Ct)).OwnerIdentifier);
    }

    [Fact]
    public async Task An_expired_claim_is_stolen_with_the_listed_version_and_the_old_owner_cannot_renew()
    {
        var original = Assert.Single(await Store.ClaimOwnershipAsync([Desired("2", "instance-a", version: null)], Ct));
        await PassAsync(TimeSpan.FromMinutes(2));

        var seen = Assert.Single(await Store.ListOwnershipAsync(_namespace, Hub, Group, Ct));
        Assert.Equal(original.LastModifiedTime, seen.LastModifiedTime);
        var stolen = Assert.Single(await Store.ClaimOwnershipAsync([Desired("2", "instance-b", seen.Version)], Ct));

        Assert.True(stolen.LastModifiedTime > original.LastModifiedTime);
        Assert.Empty(await Store.ClaimOwnershipAsync([Desired("2", "instance-a", original.Version)], Ct));
        Assert.Equal("instance-b", Assert.Single(await Store.ListOwnershipAsync(_namespace, Hub, Group, Ct)).OwnerIdentifier);
    }

    [Fact]
    public async Task Several_partitions_are_claimed_in_one_call_and_only_the_free_ones_are_won()
    {
        Assert.Single(await Store.ClaimOwnershipAsync([Desired("0", "instance-a", version: null)], Ct));

        var won = await Store.ClaimOwnershipAsync([Desired("0", "instance-b", null), Desired("1", "instance-b", null), Desired("2", "instance-b", null)], Ct);

        Assert.Equal(["1", "2"], won.Select(o => o.PartitionId).Order());
        Assert.Equal(
            [("0", "instance-a"), ("1", "instance-b"), ("2", "instance-b")],
            (await Store.ListOwnershipAsync(_namespace, Hub, Group, Ct)).Select(o => (o.PartitionId, o.OwnerIdentifier)).Order());
    }

    [Fact]
    public async Task A_checkpoint_round_trips_and_the_last_one_wins()
    {
        Assert.Null(await Store.GetCheckpointAsync(_namespace, Hub, Group, "3", Ct));

        await Store.UpdateCheckpointAsync(_namespace, Hub, Group, "3", "instance-a", new CheckpointPosition("4096", 41), Ct);
        await Store.UpdateCheckpointAsync(_namespace, Hub, Group, "3", "instance-a", new CheckpointPosition("8192", 80), Ct);

        var checkpoint = await Store.GetCheckpointAsync(_namespace, Hub, Group, "3", Ct);
        Assert.NotNull(checkpoint);
        Assert.Equal(EventPosition.FromOffset("8192", isInclusive: false), checkpoint.StartingPosition);
        Assert.Equal(("3", "instance-a", Hub, Group), (checkpoint.PartitionId, checkpoint.ClientIdentifier, checkpoint.EventHubName, checkpoint.ConsumerGroup));
        Assert.Null(await Store.GetCheckpointAsync(_namespace, Hub, Group, "0", Ct));
    }

    [Fact]
    public async Task A_checkpoint_without_an_offset_resumes_after_its_sequence_number()
    {
        // Sequence-number-only checkpoints are deprecated in the SDK, but a processor may still write one.
#pragma warning disable CS0618
        await Store.UpdateCheckpointAsync(_namespace, Hub, Group, "0", "instance-a", new CheckpointPosition(99), Ct);
#pragma warning restore CS0618

        var checkpoint = await Store.GetCheckpointAsync(_namespace, Hub, Group, "0", Ct);

        Assert.Equal(EventPosition.FromSequenceNumber(99, isInclusive: false), checkpoint!.StartingPosition);
    }

    private EventProcessorPartitionOwnership Desired(string partitionId, string owner, string? version) => new()
    {
        FullyQualifiedNamespace = _namespace,
        EventHubName = Hub,
        ConsumerGroup = Group,
        PartitionId = partitionId,
        OwnerIdentifier = owner,
        Version = version,
    };
}
