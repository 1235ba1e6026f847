using System.Text;
using System.Text.Json;
using SegmentFunctions.Handler.Tests.Retraining;
using SegmentFunctions.Invocation;

namespace SegmentFunctions.Handler.Tests;

/// <summary>What the handler reads from the queueTrigger invocations the host posts to /RetrainWorker.</summary>
public sealed class QueueInvocationDecoderTests
{
    private const string RunId = "20261122T030000123Z-1a2b3c4d5e6f";

    [Fact]
    public void Reference_payload_gives_the_message_text_and_metadata_without_the_extra_quotes()
    {
        var message = Decode(InvocationPayloads.ReferenceQueue);

        Assert.Equal("aaaaa", message.MessageText);
        Assert.Equal("a0004923-f050-417a-9742-6d7c7b984134", message.MessageId);
        Assert.Equal(1, message.DequeueCount);
        Assert.Equal(new DateTimeOffset(2022, 6, 13, 6, 0, 6, TimeSpan.Zero), message.InsertionTime);
    }

    [Fact]
    public void A_json_message_is_parsed_twice_and_names_its_run()
    {
        var message = Decode(InvocationPayloads.Queue($$"""{"runId":"{{RunId}}"}""", dequeueCount: 3));

        Assert.Equal(JsonValueKind.Object, message.Message.ValueKind);
        Assert.Equal(RunId, message.Message.GetProperty("runId").GetString());
        Assert.Equal(3, message.DequeueCount);
        Assert.Equal($$"""{"runId":"{{RunId}}"}""", message.MessageText);
    }

    [Fact]
    public void The_documentations_single_encoding_with_a_numeric_dequeue_count_reads_the_same()
    {
        var payload = $$$"""{"Data":{"message":{"runId":"{{{RunId}}}"}},"Metadata":{"DequeueCount":2,"Id":"m1"}}""";

        var message = Decode(payload);

        Assert.Equal(RunId, message.Message.GetProperty("runId").GetString());
        Assert.Equal(2, message.DequeueCount);
        Assert.Equal("m1", message.MessageId);
    }

    private static QueueInvocation Decode(string payload) =>
        QueueInvocationDecoder.Decode(Encoding.UTF8.GetBytes(payload), "message");
}
