using Amqp;
using Amqp.Listener;

namespace SegmentFunctions.Testing.EventHubs;

/// <summary>A producer's link (to the hub, or to one partition): every message, or every event of a batch envelope, is appended and accepted.</summary>
internal sealed class SendLinkEndpoint(EventHubsTestDouble hub, string? partitionId) : LinkEndpoint
{
    public override void OnMessage(MessageContext messageContext)
    {
        hub.Accept(messageContext.Message, partitionId);
        messageContext.Complete();
    }

    public override void OnFlow(FlowContext flowContext)
    {
    }

    public override void OnDisposition(DispositionContext dispositionContext)
    {
    }
}
