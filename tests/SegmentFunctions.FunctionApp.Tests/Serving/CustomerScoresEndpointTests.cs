using System.Net;
using System.Text.Json;
using SegmentFunctions.FunctionApp.Tests.Infrastructure;

namespace SegmentFunctions.FunctionApp.Tests.Serving;

public sealed class CustomerScoresEndpointTests(ServedFunctionAppFixture served) : IClassFixture<ServedFunctionAppFixture>
{
    private HttpClient Client => served.Client;

    private string CustomerId(int i) => served.Bundles.Documents[i].CustomerId;

    private static Uri Uri(string path) => new(path, UriKind.Relative);

    /// <summary>Sent with its Content-Length (one socket write per response), not chunked.</summary>
    [Fact]
    public async Task A_live_score_has_segment_churn_with_drivers_lifetime_and_the_serving_version()
    {
        var id = CustomerId(0);

        var response = await Client.GetAsync(Uri($"/api/customers/{id}/scores"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), Assert.Single(response.Content.Headers.NonValidated["Content-Length"]));
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        var bundle = served.Bundles.WithClassifier;
        Assert.Equal(id, root.GetProperty("customerId").GetString());
        Assert.Equal(served.Version, root.GetProperty("modelVersion").GetString());
        Assert.Equal("live", root.GetProperty("source").GetString());
        var asOf = root.GetProperty("asOf").GetDateTimeOffset();
        Assert.InRange(asOf, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));

        var segment = root.GetProperty("segment");
        var probabilities = segment.GetProperty("probabilities").EnumerateArray().ToList();
        Assert.Equal(bundle.Segments.Select(s => s.Id), probabilities.Select(p => p.GetProperty("id").GetInt32()));
        Assert.Equal(1.0, probabilities.Sum(p => p.GetProperty("probability").GetDouble()), 6);
        var best = probabilities.MaxBy(p => p.GetProperty("probability").GetDouble());
        Assert.Equal(best.GetProperty("id").GetInt32(), segment.GetProperty("id").GetInt32());
        Assert.Equal(bundle.Segments.Single(s => s.Id == segment.GetProperty("id").GetInt32()).Name, segment.GetProperty("name").GetString());

        var churn = root.GetProperty("churn");
        Assert.Equal("Classifier", churn.GetProperty("method").GetString());
        Assert.InRange(churn.GetProperty("probability").GetDouble(), 0, 1);
        Assert.Contains(churn.GetProperty("band").GetString(), new[] { "Low", "Medium", "High" });
        Assert.Equal(ServingBundles.HorizonDays, churn.GetProperty("horizonDays").GetInt32());
        var drivers = churn.GetProperty("drivers").EnumerateArray().ToList();
        Assert.NotEmpty(drivers);
        Assert.All(drivers, d => Assert.False(string.IsNullOrEmpty(d.GetProperty("feature").GetString())));

        Assert.InRange(root.GetProperty("pAlive").GetProperty("value").GetDouble(), 0, 1);
        Assert.Equal(365, root.GetProperty("expectedPurchases").GetProperty("horizonDays").GetInt32());
        Assert.True(root.GetProperty("expectedPurchases").GetProperty("value").GetDouble() >= 0);
        Assert.Equal("EUR", root.GetProperty("clv").GetProperty("currency").GetString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("?source=batch")]
    public async Task Live_and_batch_scores_carry_80_percent_intervals_around_the_value(string query)
    {
        Assert.NotNull(served.Bundles.WithClassifier.Uncertainty);
        var repeatBuyers = served.Bundles.Documents.Where(d => d.Orders > 1).Take(5).ToList();
        Assert.NotEmpty(repeatBuyers);

        foreach (var document in repeatBuyers)
        {
            var response = await Client.GetAsync(Uri($"/api/customers/{document.CustomerId}/scores{query}"));

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var root = json.RootElement;
            ScoreIntervalAssert.Around(root.GetProperty("pAlive"));
            ScoreIntervalAssert.Around(root.GetProperty("expectedPurchases"));
            ScoreIntervalAssert.Around(root.GetProperty("clv"));
        }
    }

    [Fact]
    public async Task A_batch_score_is_the_row_of_the_serving_models_latest_batch_run()
    {
        var id = CustomerId(1);

        var response = await Client.GetAsync(Uri($"/api/customers/{id}/scores?source=batch"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        Assert.Equal("batch", root.GetProperty("source").GetString());
        Assert.Equal(served.Version, root.GetProperty("modelVersion").GetString());
        Assert.Equal(served.BatchScores.AsOf, root.GetProperty("asOf").GetDateTimeOffset());
        Assert.Empty(root.GetProperty("churn").GetProperty("drivers").EnumerateArray());
        var expected = served.Bundles.WithClassifier.Segments.Count;
        Assert.Equal(expected, root.GetProperty("segment").GetProperty("probabilities").GetArrayLength());
    }

    [Fact]
    public async Task An_unknown_customer_is_a_404_problem_live_and_batch()
    {
        var live = await Client.GetAsync(Uri("/api/customers/nobody-here/scores"));
        var batch = await Client.GetAsync(Uri("/api/customers/nobody-here/scores?source=batch"));

        await ProblemAssert.IsProblemAsync(live, HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(batch, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("%20")]
    [InlineData("a%01b")]
    public async Task A_malformed_id_is_a_400_problem(string id)
    {
        var response = await Client.GetAsync(Uri($"/api/customers/{id}/scores"));

        var body = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("Malformed customer id", body);
    }

    [Fact]
    public async Task An_id_longer_than_256_characters_and_an_unknown_source_are_400_problems()
    {
        var tooLong = await Client.GetAsync(Uri($"/api/customers/{new string('x', 257)}/scores"));
        var badSource = await Client.GetAsync(Uri($"/api/customers/{CustomerId(0)}/scores?source=cache"));

        Assert.Contains("257 characters", await ProblemAssert.IsProblemAsync(tooLong, HttpStatusCode.BadRequest));
        Assert.Contains("source must be", await ProblemAssert.IsProblemAsync(badSource, HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task Live_scores_move_with_the_customers_features()
    {
        var id = CustomerId(2);
        var before = await ScoreAsync(id);
        var stored = (await served.Factory.FeatureStore.ReadAsync(id, CancellationToken.None))!;
        var features = stored.Features;
        features.LastPurchaseAt = DateTimeOffset.UtcNow.AddDays(-1);
        features.LastSeenAt = features.LastPurchaseAt;
        features.Orders += 5;
        features.PurchaseDays.Add(new Domain.Features.PurchaseDay(DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-1)), 120m, 2));
        Assert.True((await served.Factory.FeatureStore.WriteAsync(features, stored.ETag, CancellationToken.None)).Succeeded);

        var after = await ScoreAsync(id);

        Assert.NotEqual(before.GetProperty("pAlive").GetProperty("value").GetDouble(), after.GetProperty("pAlive").GetProperty("value").GetDouble());
    }

    private async Task<JsonElement> ScoreAsync(string id)
    {
        var response = await Client.GetAsync(Uri($"/api/customers/{id}/scores"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }
}
