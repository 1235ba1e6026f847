namespace SegmentFunctions.Application.Snapshots;

/// <summary>A snapshot holds feature documents of a newer schema than this code reads.</summary>
public sealed class SnapshotSchemaException(string snapshotId, int schemaVersion)
    : Exception($"Snapshot '{snapshotId}' holds feature schema version {schemaVersion}; this code reads up to {Domain.Features.CustomerFeatures.CurrentSchemaVersion}. Upgrade before reading it.")
{
    public string SnapshotId { get; } = snapshotId;
    public int SchemaVersion { get; } = schemaVersion;
}
