using Amqp;
using Amqp.Framing;
using Amqp.Listener;

namespace SegmentFunctions.Testing.EventHubs;

/// <summary>
/// Answers the client's <c>put-token</c> requests on <c>$cbs</c> with 200, whatever the token: the double does not
/// authenticate or authorize.
/// </summary>
internal sealed class CbsTokenProcessor : IRequestProcessor
{
    public int Credit => 100;

    public void Process(RequestContext requestContext)
    {
        var response = new Message
        {
            Properties = new Properties { CorrelationId = requestContext.Message.Properties?.MessageId },
            ApplicationProperties = new ApplicationProperties(),
        };
        response.ApplicationProperties["status-code"] = 202;
        response.ApplicationProperties["status-description"] = "Accepted";
        requestContext.Complete(response);
    }
}
