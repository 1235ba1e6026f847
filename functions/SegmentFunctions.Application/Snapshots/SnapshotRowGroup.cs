using System.Text.Json;
using SegmentFunctions.Domain.Features;
using SegmentFunctions.Domain.Serialization;

namespace SegmentFunctions.Application.Snapshots;

/// <summary>
/// One row group of a snapshot as read from Parquet: customer ids and each document's canonical JSON, decoded only
/// when asked. <see cref="Decode"/> is safe to call from several threads for different rows.
/// </summary>
public sealed class SnapshotRowGroup
{
    private readonly SnapshotManifest _manifest;
    private readonly string?[] _ids;
    private readonly string?[] _json;

    internal SnapshotRowGroup(SnapshotManifest manifest, int index, string?[] ids, string?[] json)
    {
        _manifest = manifest;
        Index = index;
        _ids = ids;
        _json = json;
    }

    /// <summary>The group's position in the file.</summary>
    public int Index { get; }

    public int Count => _ids.Length;

    /// <summary>The customer id of row <paramref name="row"/>, read without decoding its document.</summary>
    public string? CustomerIdOf(int row) => _ids[row];

    /// <summary>The document of row <paramref name="row"/>.</summary>
    /// <exception cref="SnapshotCorruptException">The row is not the feature document of its customer id.</exception>
    public CustomerFeatures Decode(int row)
    {
        var id = _ids[row];
        var json = _json[row];
        CustomerFeatures? document;
        try
        {
            document = json is null ? null : JsonSerializer.Deserialize(json, DomainJsonContext.Default.CustomerFeatures);
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
        _json[row] = null;
        return document;
    }
}
