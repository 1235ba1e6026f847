using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.FunctionApp.Tests.Infrastructure;

namespace SegmentFunctions.FunctionApp.Tests.Operations;

public sealed class DeadLetterSummaryEndpointTests : IAsyncLifetime
{
    private readonly ComposedFunctionAppFactory _factory = new();

    public async Task InitializeAsync()
    {
        var now = DateTimeOffset.UtcNow;
        var archive = _factory.Services.GetRequiredService<IDeadLetterArchive>();
        await archive.WriteAsync(
        [
            Letter("invalid_json", 1, now.AddHours(-1)),
            Letter("invalid_json", 2, now.AddHours(-23)),
            Letter("unknown_type", 3, now.AddMinutes(-5)),
            Letter("unknown_type", 4, now.AddHours(-30)),
            Letter("missing_field", 5, now.AddDays(-3)),
        ], CancellationToken.None);
    }

    [Fact]
    public async Task The_summary_counts_the_letters_of_the_last_day_by_reason()
    {
        using var client = _factory.CreateClient();

        var day = await GetAsync(client, "/api/deadletters/summary");
        var threeDays = await GetAsync(client, "/api/deadletters/summary?hours=80");

        Assert.Equal(3, day.GetProperty("total").GetInt32());
        Assert.Equal(
            new Dictionary<string, int> { ["invalid_json"] = 2, ["unknown_type"] = 1 },
            day.GetProperty("byReason").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32()));
        Assert.Equal(5, threeDays.GetProperty("total").GetInt32());
        Assert.InRange(DateTimeOffset.UtcNow - day.GetProperty("since").GetDateTimeOffset(), TimeSpan.FromHours(23.9), TimeSpan.FromHours(24.1));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("2161")]
    [InlineData("a day")]
    public async Task A_window_out_of_range_is_a_400_problem(string hours)
    {
        using var client = _factory.CreateClient();

        var response = await client.GetAsync(new Uri($"/api/deadletters/summary?hours={Uri.EscapeDataString(hours)}", UriKind.Relative));

        Assert.Contains("hours", await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest));
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    private static async Task<JsonElement> GetAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static DeadLetter Letter(string reason, long sequence, DateTimeOffset at) =>
        new(reason, "{}", "test", "0", sequence, at, at, $"c-{sequence}");
}
