using System.IO.Pipelines;

namespace SegmentFunctions.Cli.Serve;

/// <summary>A connection's transport with its output replaced.</summary>
internal sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
{
    public PipeReader Input { get; } = input;

    public PipeWriter Output { get; } = output;
}
