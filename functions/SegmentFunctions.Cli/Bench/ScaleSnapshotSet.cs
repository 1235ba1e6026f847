using SegmentFunctions.Application.Ports;
using SegmentFunctions.Application.Snapshots;

namespace SegmentFunctions.Cli.Bench;

/// <summary>
/// The scale benchmark's two snapshots in their cache folder: the store they are in, their manifests, how long
/// generating them took and whether this run found them cached.
/// </summary>
internal sealed record ScaleSnapshotSet(
    string Folder, IBlobStore Blobs, SnapshotManifest AtT, SnapshotManifest Cutoff, TimeSpan Generation, bool Cached);
