using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Domain.Events;
using SegmentFunctions.FunctionApp.Tests.Infrastructure;
using SegmentFunctions.FunctionApp.Tests.Serving;
using SegmentFunctions.Testing;

namespace SegmentFunctions.FunctionApp.Tests.CustomerIds;

/// <summary>
/// One customer-id rule from ingestion to every route: an id the rule allows is featurized, read, scored and erased
/// under the same id; an id it refuses is dead-lettered at ingestion with the reason and answered with a 400 problem
/// by every route, never mistaken for another id.
/// </summary>
public sealed class CustomerIdRoundTripTests(ServedFunctionAppFixture served) : IClassFixture<ServedFunctionAppFixture>
{
    public static TheoryData<string> AllowedIds => new() { "rt+plus", "rt with spaces", "rt-ünïcødé-日本-😀", "rt:colon;semi=eq&amp" };

    public static TheoryData<string, string> RefusedIds => new()
    {
        { "rt-slash/-9", "'/'" },
        { "rt-percent%2F", "'%'" },
        { "rt-back\\slash", "'\\'" },
    };

    [Theory]
    [MemberData(nameof(AllowedIds))]
    public async Task An_allowed_id_round_trips_through_ingest_read_score_and_erase(string id)
    {
        await IngestAsync(id, out var partition);

        using var features = await served.Client.GetAsync(Route(id, "/features"));
        Assert.Equal(HttpStatusCode.OK, features.StatusCode);
        using (var json = JsonDocument.Parse(await features.Content.ReadAsStringAsync()))
        {
            Assert.Equal(id, json.RootElement.GetProperty("customerId").GetString());
            Assert.Equal(1, json.RootElement.GetProperty("orders").GetInt32());
        }

        using var score = await served.Client.GetAsync(Route(id, "/scores"));
        Assert.Equal(HttpStatusCode.OK, score.StatusCode);
        using (var json = JsonDocument.Parse(await score.Content.ReadAsStringAsync()))
        {
            Assert.Equal(id, json.RootElement.GetProperty("customerId").GetString());
        }

        using var batch = await served.Client.PostAsJsonAsync(new Uri("/api/scores/batch", UriKind.Relative), new { customerIds = new[] { id } });
        Assert.Equal(HttpStatusCode.OK, batch.StatusCode);
        Assert.Contains("\"scored\"", await batch.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var erased = await served.Client.DeleteAsync(Route(id, string.Empty));
        Assert.Equal(HttpStatusCode.NoContent, erased.StatusCode);
        Assert.Null(await served.Factory.FeatureStore.ReadAsync(id, CancellationToken.None));
        await ProblemAssert.IsProblemAsync(await served.Client.GetAsync(Route(id, "/features")), HttpStatusCode.NotFound);
        Assert.NotEmpty(partition);
    }

    [Theory]
    [MemberData(nameof(RefusedIds))]
    public async Task A_refused_id_is_dead_lettered_at_ingestion_with_the_reason(string id, string reason)
    {
        await IngestAsync(id, out var partition);

        Assert.Null(await served.Factory.FeatureStore.ReadAsync(id, CancellationToken.None));
        var archive = served.Factory.Services.GetRequiredService<IDeadLetterArchive>();
        var letters = new List<DeadLetter>();
        await foreach (var letter in archive.ReadAllAsync(CancellationToken.None))
        {
            if (letter.PartitionId == partition)
            {
                letters.Add(letter);
            }
        }

        var only = Assert.Single(letters);
        Assert.Contains("customerId", only.Reason, StringComparison.Ordinal);
        Assert.Contains(reason, only.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a%2Fb")]
    [InlineData("a%2fb")]
    [InlineData("a%252Fb")]
    [InlineData("a%25b")]
    [InlineData("a%5Cb")]
    public async Task Every_route_refuses_an_id_the_rule_refuses_with_a_400_problem(string encodedId)
    {
        var other = $"{Uri.UnescapeDataString(encodedId)}";
        Assert.NotNull(CustomerIdRule.Problem(other));

        var erase = await served.Client.DeleteAsync(new Uri($"/api/customers/{encodedId}", UriKind.Relative));
        var features = await served.Client.GetAsync(new Uri($"/api/customers/{encodedId}/features", UriKind.Relative));
        var scores = await served.Client.GetAsync(new Uri($"/api/customers/{encodedId}/scores", UriKind.Relative));
        using var batch = await served.Client.PostAsJsonAsync(new Uri("/api/scores/batch", UriKind.Relative), new { customerIds = new[] { other } });

        await ProblemAssert.IsProblemAsync(erase, HttpStatusCode.BadRequest);
        await ProblemAssert.IsProblemAsync(features, HttpStatusCode.BadRequest);
        await ProblemAssert.IsProblemAsync(scores, HttpStatusCode.BadRequest);
        await ProblemAssert.IsProblemAsync(batch, HttpStatusCode.BadRequest);
    }

    private static Uri Route(string id, string suffix) => new($"/api/customers/{Uri.EscapeDataString(id)}{suffix}", UriKind.Relative);

    private Task IngestAsync(string id, out string partition)
    {
        partition = Guid.NewGuid().ToString("N");
        var at = TestEvents.Epoch;
        string[] bodies =
        [
            TestEvents.ToJson(TestEvents.Purchase($"{partition}-1", id, at, orderId: $"{partition}-o1", amount: 25m)),
        ];
        var enqueued = at.AddHours(1).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
        return EventHubInvocation.InvokeAsync(served.Factory.Services, bodies, EventHubInvocation.BindingData(1, partitionId: partition, sequenceNumbers: [1], enqueuedTimes: [enqueued]));
    }
}
