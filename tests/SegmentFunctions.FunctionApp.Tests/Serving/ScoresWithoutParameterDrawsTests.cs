using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SegmentFunctions.Domain.Scoring;
using SegmentFunctions.FunctionApp.Tests.Infrastructure;

namespace SegmentFunctions.FunctionApp.Tests.Serving;

/// <summary>
/// A bundle written before parameter draws existed (no uncertainty.json) serves scores whose P(alive), expected
/// purchases and CLV have their values and null bounds, live, from the batch scores and in a batch call.
/// </summary>
public sealed class ScoresWithoutParameterDrawsTests : IAsyncLifetime
{
    private readonly ComposedFunctionAppFactory _factory = new();
    private HttpClient _client = null!;

    private static IReadOnlyList<string> Ids => [.. ServingBundles.Instance.Documents.Where(d => d.Orders > 1).Take(3).Select(d => d.CustomerId)];

    public async Task InitializeAsync()
    {
        _client = _factory.CreateClient();
        var bundle = await WithoutDrawsAsync(ServingBundles.Instance.WithClassifier);
        Assert.Null(bundle.Uncertainty);
        await ServingFunctionApp.SeedAsync(_factory, ServingBundles.Instance.Documents.Take(50));
        await ServingFunctionApp.WriteBatchScoresAsync(_factory, bundle);
        await ServingFunctionApp.ServeAsync(_factory, bundle);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
    }

    [Theory]
    [InlineData("")]
    [InlineData("?source=batch")]
    public async Task A_single_score_has_values_and_null_bounds(string query)
    {
        Assert.NotEmpty(Ids);
        foreach (var id in Ids)
        {
            var response = await _client.GetAsync(new Uri($"/api/customers/{id}/scores{query}", UriKind.Relative));

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            AssertNoIntervals(json.RootElement);
        }
    }

    [Fact]
    public async Task A_batch_call_has_values_and_null_bounds()
    {
        var response = await _client.PostAsJsonAsync(new Uri("/api/scores/batch", UriKind.Relative), new { customerIds = Ids });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var results = json.RootElement.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(Ids.Count, results.Count);
        Assert.All(results, r => AssertNoIntervals(r.GetProperty("score")));
    }

    private static void AssertNoIntervals(JsonElement score)
    {
        ScoreIntervalAssert.Absent(score.GetProperty("pAlive"));
        ScoreIntervalAssert.Absent(score.GetProperty("expectedPurchases"));
        ScoreIntervalAssert.Absent(score.GetProperty("clv"));
    }

    private static async Task<ModelBundle> WithoutDrawsAsync(ModelBundle bundle)
    {
        using var stream = new MemoryStream();
        await ModelBundleSerializer.SaveAsync(bundle, stream, CancellationToken.None);
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Update, leaveOpen: true))
        {
            zip.GetEntry("uncertainty.json")!.Delete();
        }

        stream.Position = 0;
        return await ModelBundleSerializer.LoadAsync(stream, CancellationToken.None);
    }
}
