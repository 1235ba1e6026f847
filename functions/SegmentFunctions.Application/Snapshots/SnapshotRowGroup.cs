using System.Text.Json;
using SegmentFunctions.Domain.Features;
using SegmentFunctions.Domain.Serialization;

namespace SegmentFunctions.Application.Snapshots;

/// <summary>
/// One row group of a snapshot as read from Parquet: customer ids, schema versions, and either each document's
/// canonical JSON, decoded only when asked, or the training rows the snapshot stores (<see cref="Rows"/>), for a
/// caller that needs only those (<see cref="FeatureSnapshotReader.ReadRowGroupsAsync(string, Domain.Models.Lifetime.LifetimeTimeUnit?, CancellationToken)"/>).
/// <see cref="Decode"/> is safe to call from several threads for different rows. Stored rows are the group's only until
/// the reader reads the next group, into the same buffers: a caller uses a group before it asks for the next.
/// </summary>
public sealed class SnapshotRowGroup
{
    private readonly SnapshotManifest _manifest;
    private readonly string?[] _ids;
    private readonly int[] _schemaVersions;
    private readonly string?[]? _json;

    internal SnapshotRowGroup(SnapshotManifest manifest, int index, string?[] ids, int[] schemaVersions, string?[]? json, SnapshotRowColumns? rows)
    {
        _manifest = manifest;
        Index = index;
        _ids = ids;
        _schemaVersions = schemaVersions;
        _json = json;
        StoredRows = rows;
    }

    /// <summary>The group's position in the file.</summary>
    public int Index { get; }

    public int Count => _ids.Length;

    /// <summary>The snapshot's time, the one its stored rows are as of.</summary>
    public DateTimeOffset AsOf => _manifest.AsOf;

    /// <summary>What the training rows read with the group are; null when the group holds its documents instead.</summary>
    public SnapshotRows? Rows => StoredRows is null ? null : _manifest.Rows;

    /// <summary>Whether the group holds its documents (<see cref="Decode"/>).</summary>
    public bool HasDocuments => _json is not null;

    internal string SnapshotId => _manifest.SnapshotId;

    /// <summary>The stored training rows, when the group was read with them.</summary>
    internal SnapshotRowColumns? StoredRows { get; }

    /// <summary>The customer id of row <paramref name="row"/>, read without decoding its document.</summary>
    public string? CustomerIdOf(int row) => _ids[row];

    /// <summary>The schema version of row <paramref name="row"/>'s document, read without decoding it.</summary>
    public int SchemaVersionOf(int row) => _schemaVersions[row];

    /// <summary>The document of row <paramref name="row"/>.</summary>
    /// <exception cref="InvalidOperationException">The group was read without its documents.</exception>
    /// <exception cref="SnapshotCorruptException">The row is not the feature document of its customer id.</exception>
    public CustomerFeatures Decode(int row)
    {
        var json = _json ?? throw new InvalidOperationException($"Row group {Index} of snapshot {SnapshotId} was read without its documents.");
        var id = _ids[row];
        CustomerFeatures? document;
        try
        {
            document = json[row] is { } text ? JsonSerializer.Deserialize(text, DomainJsonContext.Default.CustomerFeatures) : null;
        }
        catch (JsonException e)
        {
            throw new SnapshotCorruptException(_manifest.SnapshotId, $"row {row} of row group {Index} is not a feature document.", e);
        }

        if (document is null || !string.Equals(document.CustomerId, id, StringComparison.Ordinal))
        {
            throw new SnapshotCorruptException(
                _manifest.SnapshotId, $"row {row} of row group {Index}: the document does not belong to customer '{id}'.");
        }

        return document;
    }

    /// <summary>Decodes row <paramref name="row"/> and releases its JSON, for a caller that reads each row once.</summary>
    internal CustomerFeatures Take(int row)
    {
        var document = Decode(row);
        _json![row] = null;
        return document;
    }
}
