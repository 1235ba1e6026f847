using Microsoft.Extensions.DependencyInjection;
using SegmentFunctions.Application.Ingestion;
using SegmentFunctions.Cli.Serve;
using SegmentFunctions.FunctionApp.Tests.Infrastructure;
using SegmentFunctions.Ingestion;

namespace SegmentFunctions.FunctionApp.Tests;

/// <summary>The batch summary FeaturizeEvents logs carries every count of the batch's result.</summary>
public sealed class FeaturizeEventsSummaryTests(FunctionAppFactory factory) : IClassFixture<FunctionAppFactory>
{
    private const string Body = """{"id":"e1","type":"page_view","customerId":"c1","timestamp":"2025-05-01T10:00:00Z"}""";

    [Fact]
    public async Task The_summary_reports_suppressed_and_too_old_to_check_events()
    {
        var result = new BatchResult(Received: 11, Applied: 5, Duplicates: 1, DeadLettered: 1, CustomersWritten: 2, StoreRoundTrips: 4, Suppressed: 3, TooOldToCheck: 2);
        var logger = new RecordingLogger<FeaturizeEventsFunction>();
        var function = new FeaturizeEventsFunction(
            factory.Services.GetRequiredService<EventHubBatchDecoder>(), new FixedResultProcessor(result), factory.DeadLetters, TimeProvider.System, logger);
        var bindingData = EventHubInvocation.BindingData(1, partitionId: "6");
        var context = new LocalFunctionContext(
            new LocalFunctionDefinition(FeaturizeEventsFunction.Name, typeof(FeaturizeEventsFunction).GetMethod(nameof(FeaturizeEventsFunction.RunAsync))!),
            factory.Services, bindingData, null, CancellationToken.None);

        await function.RunAsync([Body], context, CancellationToken.None);

        var summary = Assert.Single(logger.Entries, e => e.Fields.ContainsKey("Applied"));
        Assert.Equal(3, summary.Fields["Suppressed"]);
        Assert.Equal(2, summary.Fields["TooOldToCheck"]);
        Assert.Contains("3 suppressed", summary.Message, StringComparison.Ordinal);
        Assert.Contains("2 too old to check", summary.Message, StringComparison.Ordinal);
    }
}
