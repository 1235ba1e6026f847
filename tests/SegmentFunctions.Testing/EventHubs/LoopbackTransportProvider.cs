using System.Net;
using System.Net.Sockets;
using Amqp;

namespace SegmentFunctions.Testing.EventHubs;

/// <summary>Accepts the double's connections on a free loopback port, each on a <see cref="CoalescingTcpTransport"/>.</summary>
internal sealed class LoopbackTransportProvider : TransportProvider
{
    private readonly Socket listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private volatile bool disposed;

    public LoopbackTransportProvider()
    {
        AddressSchemes = [Scheme];
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(64);
        Port = ((IPEndPoint)listener.LocalEndPoint!).Port;
    }

    public const string Scheme = "amqp";

    public int Port { get; }

    /// <remarks>
    /// The listener asks for the next connection in a loop until it is closed; once this provider is disposed, the
    /// answer never comes, so that loop waits rather than spins.
    /// </remarks>
    public override async Task<IAsyncTransport> CreateAsync(Address address)
    {
        Socket accepted;
        try
        {
            accepted = await listener.AcceptAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ObjectDisposedException or SocketException && disposed)
        {
            return await new TaskCompletionSource<IAsyncTransport>().Task.ConfigureAwait(false);
        }

        accepted.NoDelay = true;
        return new CoalescingTcpTransport(accepted);
    }

    public override void Dispose()
    {
        disposed = true;
        listener.Dispose();
    }
}
