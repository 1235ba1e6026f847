namespace SegmentFunctions.Application.Ports;

public sealed record BlobProperties(string Path, long Length, string ETag, DateTimeOffset LastModified);
