using System.Net;
using System.Text.Json;
using SegmentFunctions.FunctionApp.Tests.Infrastructure;

namespace SegmentFunctions.FunctionApp.Tests.Serving;

public sealed class SegmentsEndpointTests(ServedFunctionAppFixture served) : IClassFixture<ServedFunctionAppFixture>
{
    private HttpClient Client => served.Client;

    private static Uri Uri(string path) => new(path, UriKind.Relative);

    private int LargestSegment => served.BatchScores.Segments.MaxBy(s => s.Count)!.SegmentId;

    [Fact]
    public async Task Segments_list_the_serving_models_catalog_with_actions_shares_and_profiles()
    {
        var response = await Client.GetAsync(Uri("/api/segments"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var bundle = served.Bundles.WithClassifier;
        Assert.Equal(served.Version, json.RootElement.GetProperty("modelVersion").GetString());
        var segments = json.RootElement.GetProperty("segments").EnumerateArray().ToList();
        Assert.Equal(bundle.Segments.Select(s => (s.Id, s.Name, s.Action, s.Size)),
            segments.Select(s => (s.GetProperty("id").GetInt32(), s.GetProperty("name").GetString()!, s.GetProperty("action").GetString()!, s.GetProperty("size").GetInt32())));
        Assert.Equal(1.0, segments.Sum(s => s.GetProperty("revenueShare").GetDouble()), 6);
        Assert.All(segments, s => Assert.Equal(
            bundle.SegmentationColumns.Order(StringComparer.Ordinal),
            s.GetProperty("profile").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)));
    }

    [Fact]
    public async Task Segments_carry_the_churn_models_grade_against_the_baseline_and_the_customers_scored()
    {
        var response = await Client.GetAsync(Uri("/api/segments"));

        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var metrics = served.Bundles.WithClassifier.Metrics;
        var churn = json.RootElement.GetProperty("churn");
        Assert.NotNull(metrics.ChurnGrade);
        Assert.Equal(metrics.ChurnGrade.ToString(), churn.GetProperty("grade").GetString());
        Assert.Equal(metrics.Churn!.RocAuc, churn.GetProperty("rocAuc").GetDouble());
        Assert.Equal(metrics.ChurnBaseline!.RocAuc, churn.GetProperty("baselineRocAuc").GetDouble());
        Assert.Equal(served.BatchScores.RowCount, json.RootElement.GetProperty("customersScored").GetInt64());
    }

    [Fact]
    public async Task Audience_pages_follow_the_continuation_token_in_churn_order_without_gaps_or_repeats()
    {
        var segment = LargestSegment;
        var whole = await AudienceAsync($"/api/segments/{segment}/customers?limit=1000");
        Assert.Equal(served.BatchScores.Segments.Single(s => s.SegmentId == segment).Count, whole.Count);
        Assert.Equal(whole.Select(m => m.Churn).OrderDescending(), whole.Select(m => m.Churn));

        var paged = new List<(string Id, double Churn)>();
        string? token = null;
        var pages = 0;
        do
        {
            var response = await Client.GetAsync(Uri($"/api/segments/{segment}/customers?limit=7" + (token is null ? "" : $"&continuationToken={token}")));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var page = Members(json.RootElement);
            Assert.True(page.Count <= 7);
            paged.AddRange(page);
            token = json.RootElement.GetProperty("continuationToken").GetString();
            pages++;
        }
        while (token is not null);

        Assert.Equal(whole, paged);
        Assert.Equal((whole.Count + 6) / 7, pages);
    }

    [Fact]
    public async Task Churn_and_clv_filters_bound_the_audience()
    {
        var segment = LargestSegment;
        var whole = await AudienceAsync($"/api/segments/{segment}/customers?limit=1000");
        var median = whole[whole.Count / 2].Churn;

        var high = await AudienceAsync($"/api/segments/{segment}/customers?limit=1000&minChurn={median:R}");
        var low = await AudienceAsync($"/api/segments/{segment}/customers?limit=1000&maxChurn={median:R}");
        var valuable = await AudienceAsync($"/api/segments/{segment}/customers?limit=1000&minClv=50", withClv: true);

        Assert.Equal(whole.Where(m => m.Churn >= median), high);
        Assert.Equal(whole.Where(m => m.Churn <= median), low);
        Assert.All(valuable, m => Assert.True(m.Clv >= 50));
    }

    [Fact]
    public async Task The_csv_format_has_a_header_one_line_per_customer_and_the_token_in_a_header()
    {
        var segment = LargestSegment;
        var json = await AudienceAsync($"/api/segments/{segment}/customers?limit=5");

        var response = await Client.GetAsync(Uri($"/api/segments/{segment}/customers?limit=5&format=csv"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("customerId,churnProbability,churnBand,pAlive,pAliveLow,pAliveHigh,expectedPurchases,expectedPurchasesLow,expectedPurchasesHigh,clv,clvLow,clvHigh,expectedValue", lines[0]);
        Assert.Equal(json.Select(m => m.Id), lines.Skip(1).Select(l => l.Split(',')[0]));
        Assert.True(response.Headers.TryGetValues("X-Continuation-Token", out var tokens));
        Assert.False(string.IsNullOrEmpty(tokens.Single()));
    }

    [Fact]
    public async Task An_unknown_segment_is_a_404_problem()
    {
        var response = await Client.GetAsync(Uri("/api/segments/9999/customers"));

        Assert.Contains("no segment 9999", await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound));
    }

    [Theory]
    [InlineData("/api/segments/abc/customers", "whole number")]
    [InlineData("/api/segments/0/customers?minChurn=2", "minChurn")]
    [InlineData("/api/segments/0/customers?minChurn=0.8&maxChurn=0.2", "must not exceed")]
    [InlineData("/api/segments/0/customers?minClv=lots", "minClv")]
    [InlineData("/api/segments/0/customers?format=xml", "format")]
    [InlineData("/api/segments/0/customers?limit=0", "limit")]
    [InlineData("/api/segments/0/customers?limit=1001", "limit")]
    [InlineData("/api/segments/0/customers?continuationToken=%25%25", "continuationToken")]
    [InlineData("/api/segments/0/customers?continuationToken=b3RoZXItdmVyc2lvbnw1", "another model version")]
    public async Task Bad_query_values_are_400_problems_naming_the_value(string path, string expected)
    {
        var response = await Client.GetAsync(Uri(path));

        Assert.Contains(expected, await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task Audience_members_carry_p_alive_expected_purchases_and_clv_as_intervals_like_the_scores()
    {
        var segment = LargestSegment;
        var response = await Client.GetAsync(Uri($"/api/segments/{segment}/customers?limit=20"));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var csv = (await (await Client.GetAsync(Uri($"/api/segments/{segment}/customers?limit=20&format=csv"))).Content.ReadAsStringAsync())
            .Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',')).ToList();

        var members = json.RootElement.GetProperty("customers").EnumerateArray().ToList();
        Assert.NotEmpty(members);
        for (var i = 0; i < members.Count; i++)
        {
            var m = members[i];
            foreach (var quantity in new[] { "pAlive", "expectedPurchases", "clv" })
            {
                var estimate = m.GetProperty(quantity);
                var value = estimate.GetProperty("value").GetDouble();
                Assert.InRange(value, estimate.GetProperty("low").GetDouble(), estimate.GetProperty("high").GetDouble());
            }

            var pAlive = m.GetProperty("pAlive");
            Assert.Equal(
                [pAlive.GetProperty("value").GetDouble(), pAlive.GetProperty("low").GetDouble(), pAlive.GetProperty("high").GetDouble()],
                csv[i][3..6].Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)));
            Assert.Equal(JsonValueKind.Null, m.GetProperty("expectedValue").ValueKind);
        }
    }

    [Fact]
    public async Task The_expected_value_order_ranks_by_churn_times_clv_times_save_rate_minus_cost_and_totals_the_positive_values()
    {
        var segment = LargestSegment;
        var whole = await AudienceAsync($"/api/segments/{segment}/customers?limit=1000", withClv: true);

        var response = await Client.GetAsync(Uri($"/api/segments/{segment}/customers?limit=1000&orderBy=expectedValue&saveRate=0.25&contactCost=2"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var expected = whole.Where(m => m.Clv is not null)
            .Select(m => (m.Id, Value: (m.Churn * m.Clv!.Value * 0.25) - 2))
            .OrderByDescending(m => m.Value).ThenBy(m => m.Id, StringComparer.Ordinal)
            .ToList();
        var ranked = json.RootElement.GetProperty("customers").EnumerateArray()
            .Select(m => (Id: m.GetProperty("customerId").GetString()!, Value: m.GetProperty("expectedValue").GetDouble())).ToList();
        Assert.Equal(expected.Select(e => e.Id), ranked.Select(r => r.Id));
        Assert.All(expected.Zip(ranked), p => Assert.Equal(p.First.Value, p.Second.Value, 9));
        Assert.Equal("ExpectedValue", json.RootElement.GetProperty("orderBy").GetString());
        Assert.Equal(expected.Where(e => e.Value > 0).Sum(e => e.Value), json.RootElement.GetProperty("expectedValue").GetDouble(), 6);
        Assert.Equal(expected.Count(e => e.Value > 0), json.RootElement.GetProperty("worthContacting").GetInt32());
        Assert.Equal(served.Bundles.WithClassifier.Clv.Currency, json.RootElement.GetProperty("currency").GetString());
    }

    [Fact]
    public async Task Band_clv_and_p_alive_filters_keep_exactly_the_matching_customers()
    {
        var segment = LargestSegment;
        var all = await MembersAsync($"/api/segments/{segment}/customers?limit=1000");
        var band = all.GroupBy(m => m.Band).MaxBy(g => g.Count())!.Key;
        var pAliveFloor = all.Select(m => m.PAlive).Order().ElementAt(all.Count / 3);
        var clvCeiling = all.Where(m => m.Clv is not null).Select(m => m.Clv!.Value).Order().ElementAt(all.Count * 2 / 3);

        var filtered = await MembersAsync(
            $"/api/segments/{segment}/customers?limit=1000&churnBand={band}&minPAlive={pAliveFloor:R}&maxClv={clvCeiling:R}");

        Assert.Equal(
            all.Where(m => m.Band == band && m.PAlive >= pAliveFloor && m.Clv <= clvCeiling).Select(m => m.Id),
            filtered.Select(m => m.Id));
        Assert.NotEmpty(filtered);
    }

    [Theory]
    [InlineData("/api/segments/0/customers?churnBand=Severe", "churnBand")]
    [InlineData("/api/segments/0/customers?minPAlive=1.5", "minPAlive")]
    [InlineData("/api/segments/0/customers?minClv=10&maxClv=5", "must not exceed")]
    [InlineData("/api/segments/0/customers?orderBy=clv", "orderBy")]
    [InlineData("/api/segments/0/customers?orderBy=expectedValue&saveRate=2", "saveRate")]
    [InlineData("/api/segments/0/customers?orderBy=expectedValue&contactCost=-1", "contactCost")]
    public async Task Bad_filter_and_order_values_are_400_problems_naming_the_value(string path, string expected)
    {
        var response = await Client.GetAsync(Uri(path));

        Assert.Contains(expected, await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest));
    }

    private async Task<List<(string Id, string Band, double PAlive, double? Clv)>> MembersAsync(string path)
    {
        var response = await Client.GetAsync(Uri(path));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return [.. json.RootElement.GetProperty("customers").EnumerateArray().Select(m => (
            m.GetProperty("customerId").GetString()!,
            m.GetProperty("churnBand").GetString()!,
            m.GetProperty("pAlive").GetProperty("value").GetDouble(),
            m.GetProperty("clv").ValueKind == JsonValueKind.Null ? (double?)null : m.GetProperty("clv").GetProperty("value").GetDouble()))];
    }

    private async Task<List<(string Id, double Churn)>> AudienceAsync(string path) =>
        [.. (await AudienceAsync(path, withClv: true)).Select(m => (m.Id, m.Churn))];

    private async Task<List<(string Id, double Churn, double? Clv)>> AudienceAsync(string path, bool withClv)
    {
        var response = await Client.GetAsync(Uri(path));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(served.Version, json.RootElement.GetProperty("modelVersion").GetString());
        return [.. json.RootElement.GetProperty("customers").EnumerateArray().Select(m => (
            m.GetProperty("customerId").GetString()!,
            m.GetProperty("churnProbability").GetDouble(),
            m.GetProperty("clv").ValueKind == JsonValueKind.Null ? (double?)null : m.GetProperty("clv").GetProperty("value").GetDouble()))];
    }

    private static List<(string Id, double Churn)> Members(JsonElement root) =>
        [.. root.GetProperty("customers").EnumerateArray().Select(m => (m.GetProperty("customerId").GetString()!, m.GetProperty("churnProbability").GetDouble()))];
}
