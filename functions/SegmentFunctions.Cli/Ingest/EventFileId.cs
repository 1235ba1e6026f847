using System.Security.Cryptography;

namespace SegmentFunctions.Cli.Ingest;

/// <summary>
/// The partition id under which `segment ingest` sends a file: a hash of its content, so every run over the same bytes
/// uses the same partition and line numbers as sequence numbers, and the featurizer's watermarks catch a rerun, or the
/// rest of a crashed run, exactly. A different file (even one differing by a byte) is a partition of its own.
/// </summary>
internal static class EventFileId
{
    public const string Prefix = "sha256-";

    /// <summary>Hashes the stream from its position to its end, then puts the position back.</summary>
    public static async Task<string> ComputeAsync(Stream file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        var start = file.Position;
        var hash = await SHA256.HashDataAsync(file, cancellationToken).ConfigureAwait(false);
        file.Position = start;
        return Prefix + Convert.ToHexStringLower(hash.AsSpan(0, 16));
    }
}
