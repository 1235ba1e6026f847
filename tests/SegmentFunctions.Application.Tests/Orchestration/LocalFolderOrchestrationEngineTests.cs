using SegmentFunctions.Application.Ports;
using SegmentFunctions.Storage.Embedded;

namespace SegmentFunctions.Application.Tests.Orchestration;

/// <summary>The engine on the embedded default store: files under a temporary folder, leases on the manual clock.</summary>
public sealed class LocalFolderOrchestrationEngineTests : OrchestrationEngineTests, IDisposable
{
    private readonly List<string> _folders = [];

    protected override IBlobStore CreateStore(TimeProvider clock)
    {
        var folder = Directory.CreateTempSubdirectory("segment-orchestration-").FullName;
        _folders.Add(folder);
        return new LocalFolderBlobStore(folder, clock);
    }

    public void Dispose()
    {
        foreach (var folder in _folders)
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
