namespace SegmentFunctions.Cli.Serve;

/// <summary>One static file of the dashboard: its path under the site root, content type, bytes and ETag.</summary>
public sealed record DashboardAsset(string Path, string ContentType, byte[] Content, string ETag);
