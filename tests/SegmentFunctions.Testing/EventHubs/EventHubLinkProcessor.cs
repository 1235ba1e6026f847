using Amqp;
using Amqp.Framing;
using Amqp.Listener;
using Amqp.Types;

namespace SegmentFunctions.Testing.EventHubs;

/// <summary>
/// Routes the client's links by the Event Hubs address conventions: send links to <c>{hub}</c> or
/// <c>{hub}/Partitions/{id}</c>, receive links from <c>{hub}/ConsumerGroups/{group}/Partitions/{id}</c> (any consumer
/// group: the double keeps one log per partition and every group reads all of it).
/// </summary>
internal sealed class EventHubLinkProcessor(EventHubsTestDouble hub) : ILinkProcessor
{
    /// <summary>The largest message the double accepts, told to producers on their send links (the Standard tier's 1 MB).</summary>
    private const ulong MaxMessageSize = 1024 * 1024;

    public void Process(AttachContext attachContext)
    {
        var attach = attachContext.Attach;
        var clientReceives = attach.Role;
        var address = clientReceives ? (attach.Source as Source)?.Address : (attach.Target as Target)?.Address;
        var parts = EntityPath(address).Split('/');
        if (parts.Length == 0 || !string.Equals(parts[0], hub.Name, StringComparison.OrdinalIgnoreCase))
        {
            attachContext.Complete(new Error(ErrorCode.NotFound) { Description = $"The Event Hubs test double has no entity '{address}'." });
            return;
        }

        if (!clientReceives && parts.Length == 1)
        {
            attach.MaxMessageSize = MaxMessageSize;
            attachContext.Complete(new SendLinkEndpoint(hub, null), 1000);
            return;
        }

        if (!clientReceives && parts.Length == 3 && IsSegment(parts[1], "Partitions") && hub.FindPartition(parts[2]) is { } target)
        {
            attach.MaxMessageSize = MaxMessageSize;
            attachContext.Complete(new SendLinkEndpoint(hub, target.Id), 1000);
            return;
        }

        if (clientReceives && parts.Length == 5 && IsSegment(parts[1], "ConsumerGroups") && IsSegment(parts[3], "Partitions") && hub.FindPartition(parts[4]) is { } source)
        {
            long start;
            try
            {
                start = ReceiveStart.SequenceNumberOf(attach.Source as Source, source);
            }
            catch (Exception ex) when (ex is NotSupportedException or FormatException or OverflowException)
            {
                attachContext.Complete(new Error(ErrorCode.NotImplemented) { Description = ex.Message });
                return;
            }

            Action onClosed = () => { };
            if (attach.Properties?[new Symbol("com.microsoft:epoch")] is long ownerLevel)
            {
                var group = parts[2];
                if (!hub.Receivers.TryTake(group, source.Id, ownerLevel, attachContext.Link, out var displaced))
                {
                    attachContext.Complete(new Error(ErrorCode.Stolen) { Description = $"A receiver with an owner level above {ownerLevel} is active on partition {source.Id}." });
                    return;
                }

                foreach (var old in displaced)
                {
                    _ = Task.Run(() => old.Close(TimeSpan.Zero, new Error(ErrorCode.Stolen) { Description = $"A receiver with owner level {ownerLevel} took partition {source.Id}." }));
                }

                var link = attachContext.Link;
                onClosed = () => hub.Receivers.Release(group, source.Id, link);
            }

            attachContext.Complete(new ReceiveLinkEndpoint(attachContext.Link, source, start, onClosed), 0);
            return;
        }

        attachContext.Complete(new Error(ErrorCode.NotFound) { Description = $"The Event Hubs test double has no entity '{address}'." });
    }

    /// <summary>The client names entities by absolute path ("/hub/Partitions/0"), or by full URI.</summary>
    private static string EntityPath(string? address)
    {
        var path = Uri.TryCreate(address, UriKind.Absolute, out var uri) && uri.Scheme is "amqp" or "amqps" or "sb" ? uri.AbsolutePath : address ?? "";
        return path.Trim('/');
    }

    private static bool IsSegment(string actual, string expected) => string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase);
}
