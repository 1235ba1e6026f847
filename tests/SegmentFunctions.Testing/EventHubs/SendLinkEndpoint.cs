using Amqp;
using Amqp.Framing;
using Amqp.Listener;

namespace SegmentFunctions.Testing.EventHubs;

/// <summary>A producer's link (to the hub, or to one partition): every message, or every event of a batch envelope, is appended and accepted.</summary>
internal sealed class SendLinkEndpoint(EventHubsTestDouble hub, string? partitionId) : LinkEndpoint
{
    public override void OnMessage(MessageContext messageContext)
    {
        if (hub.Accept(messageContext.Message, partitionId))
        {
            messageContext.Complete();
        }
        else
        {
            messageContext.Complete(new Error(ErrorCode.ResourceLimitExceeded) { Description = "The Event Hubs test double was told to refuse further events." });
        }
    }

    public override void OnFlow(FlowContext flowContext)
    {
    }

    public override void OnDisposition(DispositionContext dispositionContext)
    {
    }
}
