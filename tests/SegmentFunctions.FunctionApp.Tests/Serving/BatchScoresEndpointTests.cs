using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SegmentFunctions.FunctionApp.Tests.Infrastructure;

namespace SegmentFunctions.FunctionApp.Tests.Serving;

public sealed class BatchScoresEndpointTests(ServedFunctionAppFixture served) : IClassFixture<ServedFunctionAppFixture>
{
    private static readonly Uri Batch = new("/api/scores/batch", UriKind.Relative);

    private HttpClient Client => served.Client;

    [Fact]
    public async Task Results_come_in_request_order_with_unknown_ids_reported_per_item()
    {
        var known = served.Bundles.Documents.Take(40).Select(d => d.CustomerId).ToList();
        List<string> ids = [known[5], "ghost-1", .. known, "ghost-2", known[5]];

        var response = await Client.PostAsJsonAsync(Batch, new { customerIds = ids });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        Assert.Equal(served.Version, root.GetProperty("modelVersion").GetString());
        Assert.Equal(known.Count + 2, root.GetProperty("scored").GetInt32());
        Assert.Equal(2, root.GetProperty("unknown").GetInt32());
        var results = root.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(ids, results.Select(r => r.GetProperty("customerId").GetString()));
        for (var i = 0; i < ids.Count; i++)
        {
            var unknown = ids[i].StartsWith("ghost", StringComparison.Ordinal);
            Assert.Equal(unknown ? "unknown" : "scored", results[i].GetProperty("status").GetString());
            var score = results[i].GetProperty("score");
            Assert.Equal(unknown ? JsonValueKind.Null : JsonValueKind.Object, score.ValueKind);
            if (!unknown)
            {
                Assert.Equal(ids[i], score.GetProperty("customerId").GetString());
                Assert.Equal(served.Version, score.GetProperty("modelVersion").GetString());
            }
        }
    }

    [Fact]
    public async Task A_batch_score_equals_the_single_live_score_apart_from_drivers()
    {
        var id = served.Bundles.Documents[10].CustomerId;

        var batch = await Client.PostAsJsonAsync(Batch, new { customerIds = new[] { id } });
        var single = await Client.GetAsync(new Uri($"/api/customers/{id}/scores", UriKind.Relative));

        using var batchJson = JsonDocument.Parse(await batch.Content.ReadAsStringAsync());
        using var singleJson = JsonDocument.Parse(await single.Content.ReadAsStringAsync());
        var fromBatch = batchJson.RootElement.GetProperty("results")[0].GetProperty("score");
        var fromSingle = singleJson.RootElement;
        Assert.Equal(fromSingle.GetProperty("segment").GetProperty("id").GetInt32(), fromBatch.GetProperty("segment").GetProperty("id").GetInt32());
        Assert.Equal(fromSingle.GetProperty("churn").GetProperty("probability").GetDouble(), fromBatch.GetProperty("churn").GetProperty("probability").GetDouble(), 9);
        foreach (var quantity in new[] { "pAlive", "expectedPurchases", "clv" })
        {
            foreach (var field in new[] { "value", "low", "high" })
            {
                // Relative: live scores are as of the request, so two calls a few milliseconds apart differ slightly.
                var expected = fromSingle.GetProperty(quantity).GetProperty(field).GetDouble();
                Assert.Equal(expected, fromBatch.GetProperty(quantity).GetProperty(field).GetDouble(), 1e-6 * Math.Max(1, Math.Abs(expected)));
            }

            ScoreIntervalAssert.Around(fromBatch.GetProperty(quantity));
        }

        Assert.Empty(fromBatch.GetProperty("churn").GetProperty("drivers").EnumerateArray());
    }

    [Fact]
    public async Task More_than_1000_ids_is_a_400_problem()
    {
        var ids = Enumerable.Range(0, 1001).Select(i => $"c-{i}").ToArray();

        var response = await Client.PostAsJsonAsync(Batch, new { customerIds = ids });

        Assert.Contains("1001 ids", await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest));
    }

    [Theory]
    [InlineData("{\"customerIds\": []}", "at least one")]
    [InlineData("{}", "at least one")]
    [InlineData("{\"customerIds\": [\"ok\", \" \"]}", "customerIds[1]")]
    [InlineData("[not json", "must be JSON")]
    public async Task A_bad_body_is_a_400_problem_that_says_what_is_wrong(string body, string expected)
    {
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");

        var response = await Client.PostAsync(Batch, content);

        Assert.Contains(expected, await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest));
    }
}
