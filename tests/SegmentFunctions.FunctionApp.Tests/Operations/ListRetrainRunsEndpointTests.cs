using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SegmentFunctions.Application.Retraining.Runs;
using SegmentFunctions.FunctionApp.Tests.Infrastructure;

namespace SegmentFunctions.FunctionApp.Tests.Operations;

public sealed class ListRetrainRunsEndpointTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 3, 0, 0, TimeSpan.Zero);
    private readonly ComposedFunctionAppFactory _factory = new();

    public async Task InitializeAsync()
    {
        var store = _factory.Services.GetRequiredService<RetrainRunStore>();
        for (var i = 0; i < 3; i++)
        {
            await store.WriteRecordAsync(Record(i), CancellationToken.None);
        }
    }

    [Fact]
    public async Task Runs_are_listed_newest_first_up_to_the_limit_with_their_failure()
    {
        using var client = _factory.CreateClient();

        var response = await client.GetAsync(new Uri("/api/retrain?limit=2", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var runs = json.RootElement.GetProperty("runs").EnumerateArray().ToList();
        Assert.Equal([Record(2).Id, Record(1).Id], runs.Select(r => r.GetProperty("id").GetString()));
        Assert.Equal("Failed", runs[0].GetProperty("runtimeStatus").GetString());
        Assert.Equal("CheckReadiness", runs[0].GetProperty("failure").GetProperty("step").GetString());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("101")]
    [InlineData("all")]
    public async Task A_limit_out_of_range_is_a_400_problem(string limit)
    {
        using var client = _factory.CreateClient();

        var response = await client.GetAsync(new Uri($"/api/retrain?limit={limit}", UriKind.Relative));

        Assert.Contains("limit", await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest));
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    /// <summary>Run i started i hours after <see cref="Start"/>; the newest failed, the others completed.</summary>
    private static RetrainRunStatus Record(int i)
    {
        var created = Start.AddHours(i);
        return new RetrainRunStatus
        {
            Id = $"{created:yyyyMMdd'T'HHmmssfff}Z-{i:x12}",
            Name = "Retrain",
            RuntimeStatus = i == 2 ? RetrainRuntimeStatus.Failed : RetrainRuntimeStatus.Completed,
            Failure = i == 2 ? new RetrainRunFailure("CheckReadiness", "RetrainDataException", "Snapshot is empty.") : null,
            CreatedTime = created,
            LastUpdatedTime = created.AddMinutes(3),
        };
    }
}
