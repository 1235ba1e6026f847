using System.Diagnostics;
using Microsoft.Azure.Functions.Worker;

namespace SegmentFunctions.Cli.Serve;

/// <summary>The W3C trace context of the current activity (the request's, under ASP.NET Core).</summary>
public sealed class LocalTraceContext : TraceContext
{
    public override string TraceParent => Activity.Current?.Id ?? string.Empty;

    public override string TraceState => Activity.Current?.TraceStateString ?? string.Empty;
}
