using System.Text;
using SegmentFunctions.Handler.Tests.Retraining;
using SegmentFunctions.Invocation;

namespace SegmentFunctions.Handler.Tests;

/// <summary>What the handler reads from the timerTrigger invocations the host posts to /RetrainSchedule.</summary>
public sealed class TimerInvocationDecoderTests
{
    [Fact]
    public void Reference_payload_reads_as_a_tick_on_time_without_monitor_state()
    {
        var tick = Decode(InvocationPayloads.ReferenceTimer);

        Assert.Equal(new TimerInvocation(false, null, null, new DateTimeOffset(2022, 7, 5, 11, 40, 7, TimeSpan.Zero).AddTicks(4850616)), tick);
    }

    [Fact]
    public void Schedule_status_gives_the_last_and_next_occurrences_and_past_due_is_read()
    {
        var tick = Decode(InvocationPayloads.Timer(isPastDue: true));

        Assert.True(tick.IsPastDue);
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 3, 0, 0, TimeSpan.Zero), tick.LastOccurrence);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 3, 0, 0, TimeSpan.Zero), tick.NextOccurrence);
    }

    [Fact]
    public void A_string_encoded_timer_info_and_a_renamed_binding_are_read_too()
    {
        const string payload = """{"Data":{"tick":"{\"ScheduleStatus\":null,\"IsPastDue\":\"true\"}"},"Metadata":{}}""";

        var tick = Decode(payload);

        Assert.True(tick.IsPastDue);
        Assert.Null(tick.InvokedAt);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("null")]
    [InlineData("""{"Metadata":{}}""")]
    [InlineData("""{"Data":{"timer":null}}""")]
    [InlineData("""{"Data":{"timer":"[1,2]"}}""")]
    [InlineData("""{"Data":{"a":{},"b":{}}}""")]
    public void Unreadable_envelopes_are_refused_with_a_clear_error(string payload)
    {
        var error = Assert.Throws<MalformedInvocationException>(() => Decode(payload));

        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    private static TimerInvocation Decode(string payload) =>
        TimerInvocationDecoder.Decode(Encoding.UTF8.GetBytes(payload), "timer");
}
