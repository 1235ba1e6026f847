using Amqp;
using Amqp.Sasl;
using Amqp.Types;

namespace SegmentFunctions.Testing.EventHubs;

/// <summary>
/// The server side of the SASL mechanism the Event Hubs client insists on (<c>MSSBCBS</c>: "authenticate later with a
/// CBS token"). It accepts every client at once; the tokens that follow on <c>$cbs</c> are not checked either.
/// </summary>
internal sealed class CbsSaslProfile() : SaslProfile(Name)
{
    public const string Name = "MSSBCBS";

    protected override ITransport UpgradeTransport(ITransport transport) => transport;

    protected override DescribedList GetStartCommand(string hostname) => new SaslMechanisms { SaslServerMechanisms = [new Symbol(Name)] };

    protected override DescribedList? OnCommand(DescribedList command) =>
        command is SaslInit ? new SaslOutcome { Code = SaslCode.Ok } : null;
}
