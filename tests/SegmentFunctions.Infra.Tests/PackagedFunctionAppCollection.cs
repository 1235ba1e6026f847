namespace SegmentFunctions.Infra.Tests;

/// <summary>The test classes that read the published app share one publish.</summary>
[CollectionDefinition(Name)]
public sealed class PackagedFunctionAppCollection : ICollectionFixture<PackagedFunctionApp>
{
    public const string Name = "Packaged function app";
}
