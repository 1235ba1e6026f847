using SegmentFunctions.Application.BatchScoring;
using SegmentFunctions.FunctionApp.Tests.Infrastructure;

namespace SegmentFunctions.FunctionApp.Tests.Serving;

/// <summary>
/// A composed handler (embedded SQLite store, local blob folder) holding the synthetic shop's documents, serving the
/// bundle with a churn classifier, with that bundle's batch scores written.
/// </summary>
public sealed class ServedFunctionAppFixture : IAsyncLifetime
{
    public ComposedFunctionAppFactory Factory { get; } = new();
    public ServingBundles Bundles => ServingBundles.Instance;
    public string Version { get; private set; } = string.Empty;
    public BatchScoreManifest BatchScores { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Client = Factory.CreateClient();
        await ServingFunctionApp.SeedAsync(Factory, Bundles.Documents);
        BatchScores = await ServingFunctionApp.WriteBatchScoresAsync(Factory, Bundles.WithClassifier);
        Version = await ServingFunctionApp.ServeAsync(Factory, Bundles.WithClassifier);
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
    }
}
