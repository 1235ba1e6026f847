using System.Globalization;
using System.Text.RegularExpressions;
using Amqp.Framing;
using Amqp.Types;

namespace SegmentFunctions.Testing.EventHubs;

/// <summary>
/// Reads the start position a receive link asks for: the client sends one <c>apache.org:selector-filter:string</c>
/// filter whose expression compares an annotation (<c>x-opt-offset</c>, <c>x-opt-sequence-number</c> or
/// <c>x-opt-enqueued-time</c> in Unix milliseconds) with <c>&gt;</c>, <c>&gt;=</c> or <c>=</c>. Offset <c>-1</c> is the
/// start of the partition, <c>@latest</c> its end.
/// </summary>
internal static partial class ReceiveStart
{
    public static long SequenceNumberOf(Source? source, DoublePartition partition)
    {
        var expression = source?.FilterSet?.Values.OfType<DescribedValue>().Select(d => d.Value).OfType<string>().FirstOrDefault();
        if (expression is null)
        {
            return 0;
        }

        var match = SelectorPattern().Match(expression);
        if (!match.Success)
        {
            throw new NotSupportedException($"The Event Hubs test double does not understand the filter '{expression}'.");
        }

        var field = match.Groups["field"].Value;
        var inclusive = match.Groups["op"].Value != ">";
        var value = match.Groups["value"].Value;
        return field switch
        {
            "x-opt-offset" when value == "@latest" => partition.Count,
            "x-opt-offset" when value == "-1" => 0,
            "x-opt-offset" => partition.FirstAfterOffset(long.Parse(value, CultureInfo.InvariantCulture), inclusive),
            "x-opt-sequence-number" => Math.Max(0, long.Parse(value, CultureInfo.InvariantCulture) + (inclusive ? 0 : 1)),
            _ => partition.FirstAfterEnqueuedTime(DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(value, CultureInfo.InvariantCulture)), inclusive),
        };
    }

    [GeneratedRegex(@"^\s*amqp\.annotation\.(?<field>x-opt-offset|x-opt-sequence-number|x-opt-enqueued-time)\s*(?<op>>=|>|=)\s*'?(?<value>[^']*)'?\s*$")]
    private static partial Regex SelectorPattern();
}
