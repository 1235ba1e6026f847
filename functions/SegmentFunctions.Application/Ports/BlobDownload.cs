namespace SegmentFunctions.Application.Ports;

/// <summary>An open blob: its content stream (the caller disposes it) and the ETag of the version being read.</summary>
public sealed class BlobDownload(Stream content, string etag) : IAsyncDisposable, IDisposable
{
    public Stream Content { get; } = content;
    public string ETag { get; } = etag;

    public ValueTask DisposeAsync() => Content.DisposeAsync();
    public void Dispose() => Content.Dispose();
}
