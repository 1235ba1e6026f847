namespace SegmentFunctions.Testing.Retraining;

/// <summary>Containers of their own per test, so tests sharing one storage account do not see each other's runs.</summary>
public sealed record RetrainContainers(string Runs, string Snapshots, string Models, string Scores)
{
    public static RetrainContainers Unique()
    {
        var id = Guid.NewGuid().ToString("N")[..10];
        return new RetrainContainers($"runs{id}", $"snapshots{id}", $"models{id}", $"scores{id}");
    }
}
