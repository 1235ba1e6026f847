using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace SegmentFunctions.Cli.Serve;

/// <summary>
/// A connection's output that passes the app's responses through untouched and holds back what Kestrel writes while
/// no request is in the app (<see cref="ConnectionRequestState"/>) until it is flushed: the answer to a request
/// Kestrel refused while parsing it, which <see cref="RejectionProblem"/> turns into problem details.
/// </summary>
internal sealed class RejectionProblemWriter(PipeWriter inner, ConnectionRequestState state, KestrelServerLimits limits) : PipeWriter
{
    private readonly ArrayBufferWriter<byte> _held = new(256);
    private bool _writingHeld;

    public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;

    public override long UnflushedBytes => inner.UnflushedBytes + _held.WrittenCount;

    public override Memory<byte> GetMemory(int sizeHint = 0) =>
        HoldNext() ? _held.GetMemory(sizeHint) : inner.GetMemory(sizeHint);

    public override Span<byte> GetSpan(int sizeHint = 0) =>
        HoldNext() ? _held.GetSpan(sizeHint) : inner.GetSpan(sizeHint);

    public override void Advance(int bytes)
    {
        if (_writingHeld)
        {
            _held.Advance(bytes);
        }
        else
        {
            inner.Advance(bytes);
        }
    }

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        ReleaseHeld();
        return inner.FlushAsync(cancellationToken);
    }

    public override void CancelPendingFlush() => inner.CancelPendingFlush();

    public override void Complete(Exception? exception = null)
    {
        ReleaseHeld();
        inner.Complete(exception);
    }

    public override ValueTask CompleteAsync(Exception? exception = null)
    {
        ReleaseHeld();
        return inner.CompleteAsync(exception);
    }

    /// <summary>Whether the next bytes are held back: while no request is in the app, or after bytes already held.</summary>
    private bool HoldNext() => _writingHeld = !state.InApp || _held.WrittenCount > 0;

    private void ReleaseHeld()
    {
        if (_held.WrittenCount == 0)
        {
            return;
        }

        var held = _held.WrittenSpan;
        if (RejectionProblem.TryRewrite(held, limits) is { } problem)
        {
            inner.Write(problem);
        }
        else
        {
            inner.Write(held);
        }

        _held.ResetWrittenCount();
        _writingHeld = false;
    }
}
