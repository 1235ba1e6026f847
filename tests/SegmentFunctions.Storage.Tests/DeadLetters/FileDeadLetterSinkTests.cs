using SegmentFunctions.Application.Ports;
using SegmentFunctions.Storage.Embedded;

namespace SegmentFunctions.Storage.Tests.DeadLetters;

public sealed class FileDeadLetterSinkTests : DeadLetterArchiveContract, IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    protected override IDeadLetterArchive Archive => new FileDeadLetterSink(_directory.Path);

    public void Dispose() => _directory.Dispose();
}
