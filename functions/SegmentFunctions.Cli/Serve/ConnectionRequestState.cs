namespace SegmentFunctions.Cli.Serve;

/// <summary>
/// Whether a request of one connection is in the app: from the app's first middleware until its response has been
/// sent. What Kestrel writes to the connection while none is answers a request it refused while parsing it.
/// </summary>
public sealed class ConnectionRequestState
{
    private int _inApp;

    public bool InApp => Volatile.Read(ref _inApp) == 1;

    public void Enter() => Volatile.Write(ref _inApp, 1);

    public void Leave() => Volatile.Write(ref _inApp, 0);
}
