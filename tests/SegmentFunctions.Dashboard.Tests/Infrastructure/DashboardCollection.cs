namespace SegmentFunctions.Dashboard.Tests.Infrastructure;

/// <summary>The dashboard tests share one demo, one `segment serve` and one browser, and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class DashboardCollection : ICollectionFixture<DashboardFixture>
{
    public const string Name = "Dashboard";
}
