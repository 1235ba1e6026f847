using SegmentFunctions.Application.Ports;
using SegmentFunctions.Cli.Commands;
using SegmentFunctions.Cli.Tests.Infrastructure;
using SegmentFunctions.Testing;

namespace SegmentFunctions.Cli.Tests;

public sealed class IngestCommandTests
{
    [Fact]
    public async Task Missing_file_option_exits_2_with_a_message()
    {
        var cli = new CliHarness(new RecordingEventBatchProcessor());

        Assert.Equal(ExitCodes.Usage, await cli.RunAsync("ingest"));
        Assert.Contains("--file", cli.Output);
    }

    [Fact]
    public async Task Nonexistent_file_exits_2_naming_the_file()
    {
        var processor = new RecordingEventBatchProcessor();
        var cli = new CliHarness(processor);
        var path = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.jsonl");

        Assert.Equal(ExitCodes.Usage, await cli.RunAsync("ingest", "--file", path));
        Assert.Contains($"Cannot read the events file '{path}'", cli.Output);
        Assert.Empty(processor.Batches);
    }

    [Fact]
    public async Task A_directory_instead_of_a_file_exits_2()
    {
        var cli = new CliHarness(new RecordingEventBatchProcessor());

        Assert.Equal(ExitCodes.Usage, await cli.RunAsync("ingest", "--file", Path.GetTempPath()));
        Assert.Contains("is a directory", cli.Output);
    }

    [Theory]
    [InlineData("--batch-size", "0", "--batch-size must be between")]
    [InlineData("--batch-size", "-5", "--batch-size must be between")]
    [InlineData("--partitions", "0", "--partitions must be between")]
    [InlineData("--batch-size", "many", "many")]
    [InlineData("--unknown", "1", "--unknown")]
    public async Task Bad_arguments_exit_2_with_a_message(string option, string value, string message)
    {
        using var file = new TempFile([Event("e1", "c1")]);
        var processor = new RecordingEventBatchProcessor();
        var cli = new CliHarness(processor);

        Assert.Equal(ExitCodes.Usage, await cli.RunAsync("ingest", "--file", file.Path, option, value));
        Assert.Contains(message, cli.Output);
        Assert.Empty(processor.Batches);
    }

    [Fact]
    public async Task Every_non_blank_line_reaches_the_featurizer_in_partitioned_numbered_batches()
    {
        var lines = Enumerable.Range(0, 50).Select(i => Event($"e{i}", $"c{i % 7}")).ToList();
        lines.Insert(10, "");
        lines.Insert(20, "   ");
        lines.Add("this line is not JSON");
        lines.Add("""{"id":"no-customer","type":"page_view"}""");
        using var file = new TempFile(lines);
        var processor = new RecordingEventBatchProcessor();
        var cli = new CliHarness(processor);

        Assert.Equal(ExitCodes.Success, await cli.RunAsync("ingest", "--file", file.Path, "--batch-size", "4", "--partitions", "3"));

        var batches = processor.Batches;
        Assert.All(batches, b => Assert.Equal("file", b.Source));
        Assert.All(batches, b => Assert.InRange(b.Events.Count, 1, 4));
        var fileId = "sha256-" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(file.Path)).AsSpan(0, 16));
        Assert.All(batches, b => Assert.Equal(fileId, b.PartitionId));
        var lineNumbers = batches.SelectMany(b => b.Events).ToDictionary(e => e.SequenceNumber!.Value, e => e.Body);
        Assert.All(lineNumbers, n => Assert.Equal(File.ReadLines(file.Path).ElementAt((int)n.Key - 1), n.Value));
        var sent = batches.SelectMany(b => b.Events).Select(e => e.Body).Order(StringComparer.Ordinal);
        Assert.Equal(lines.Where(l => !string.IsNullOrWhiteSpace(l)).Order(StringComparer.Ordinal), sent);

        foreach (var customer in batches.SelectMany(b => b.Events).GroupBy(e => Ingest.CustomerIdReader.TryRead(e.Body) ?? e.Body))
        {
            var numbers = customer.Select(e => e.SequenceNumber!.Value).ToArray();
            Assert.Equal(numbers.Order(), numbers);
        }

        Assert.Contains("Ingest summary", cli.Output);
    }

    [Fact]
    public async Task Store_unavailable_exits_1_with_a_message_and_no_stack_trace()
    {
        using var file = new TempFile([Event("e1", "c1"), Event("e2", "c2")]);
        var cli = new CliHarness(new RecordingEventBatchProcessor { FailWith = new StoreUnavailableException("Cosmos DB answered 503.") });

        Assert.Equal(ExitCodes.Failure, await cli.RunAsync("ingest", "--file", file.Path));
        Assert.Contains("The store stayed unavailable: Cosmos DB answered 503.", cli.Output);
        Assert.DoesNotContain(" at SegmentFunctions", cli.Output);
    }

    private static string Event(string id, string customerId) =>
        $$"""{"id":"{{id}}","type":"page_view","customerId":"{{customerId}}","timestamp":"2025-05-01T10:00:00Z"}""";
}
