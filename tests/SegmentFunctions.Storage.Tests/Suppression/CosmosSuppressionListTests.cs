using SegmentFunctions.Application.Ports;
using SegmentFunctions.Testing.Emulators;

namespace SegmentFunctions.Storage.Tests.Suppression;

[Collection(Emulators.Collection)]
public sealed class CosmosSuppressionListTests(Emulators emulators) : SuppressionListContract
{
    private ISuppressionList? _list;

    protected override ISuppressionList List => _list ??= CosmosSuppressionLists.Create(emulators);
}
