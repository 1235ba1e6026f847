using SegmentFunctions.Application.Training;
using SegmentFunctions.Domain.Models.Segmentation;

namespace SegmentFunctions.Application.Retraining.Parts;

/// <summary>
/// Local copies of the shards' feature rows parts (<see cref="PartStore.DownloadFeatureRowsAsync"/>), in shard order,
/// read block by block as often as the fit asks; deleted when disposed.
/// </summary>
public sealed class FeatureRowsFiles : IFeatureRowShards, IDisposable
{
    private readonly List<string> _paths = [];

    public int Shards => _paths.Count;

    public IEnumerable<FeatureMatrix> Read(int shard) => FeatureRowsFile.Read(_paths[shard]);

    internal void Add(string path) => _paths.Add(path);

    public void Dispose()
    {
        foreach (var path in _paths)
        {
            File.Delete(path);
        }

        _paths.Clear();
    }
}
