using System.Text.Json;

namespace SegmentFunctions.Invocation;

/// <summary>
/// Reads a timerTrigger invocation. <c>TimerInfo</c> is a POCO, so the host sends it as a real object:
/// <c>{"Data":{"timer":{"Schedule":{...},"ScheduleStatus":null,"IsPastDue":false}},"Metadata":{"sys":{...}}}</c>;
/// <c>ScheduleStatus</c> is <c>{Last, Next, LastUpdated}</c> when the schedule monitor has state. A string-encoded
/// value is read too.
/// </summary>
public static class TimerInvocationDecoder
{
    /// <exception cref="MalformedInvocationException">The envelope or the timer value cannot be read.</exception>
    public static TimerInvocation Decode(ReadOnlySpan<byte> payload, string bindingName)
    {
        var request = InvocationPayload.Parse(payload);
        var timer = InvocationPayload.TriggerValue(request, bindingName);
        if (timer.ValueKind != JsonValueKind.Object)
        {
            throw new MalformedInvocationException($"Data.{bindingName} is a {timer.ValueKind}, not the host's TimerInfo object.");
        }

        var isPastDue = InvocationValue.TryGetProperty(timer, "IsPastDue", out var pastDue)
            && bool.TryParse(InvocationValue.AsText(pastDue), out var late)
            && late;

        DateTimeOffset? last = null, next = null;
        if (InvocationValue.TryGetProperty(timer, "ScheduleStatus", out var statusValue)
            && InvocationValue.Unwrap(statusValue) is { ValueKind: JsonValueKind.Object } status)
        {
            last = InvocationValue.TryGetProperty(status, "Last", out var l) ? InvocationValue.AsUtc(l) : null;
            next = InvocationValue.TryGetProperty(status, "Next", out var n) ? InvocationValue.AsUtc(n) : null;
        }

        return new TimerInvocation(isPastDue, last, next, InvocationPayload.InvokedAt(request));
    }
}
