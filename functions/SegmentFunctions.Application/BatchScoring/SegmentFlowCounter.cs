namespace SegmentFunctions.Application.BatchScoring;

/// <summary>
/// Counts segment moves against the previous version's assignments. It holds the previous version's
/// customerId -> segmentId map (the one part of batch scoring whose memory grows with the customers: about 100 bytes
/// per customer) and removes each customer as it is matched, so what remains at the end departed.
/// </summary>
internal sealed class SegmentFlowCounter(string previousVersion, Dictionary<string, int> previous)
{
    private readonly Dictionary<(int? From, int? To), long> _counts = [];
    private long _matched;
    private long _changed;
    private long _new;

    public string PreviousVersion { get; } = previousVersion;

    public void Add(string customerId, int segmentId)
    {
        if (previous.Remove(customerId, out var before))
        {
            _matched++;
            if (before != segmentId)
            {
                _changed++;
            }

            Increment(before, segmentId);
        }
        else
        {
            _new++;
            Increment(null, segmentId);
        }
    }

    public SegmentFlows Complete(string version)
    {
        foreach (var departed in previous.Values)
        {
            Increment(departed, null);
        }

        var flows = _counts
            .OrderBy(f => f.Key.From).ThenBy(f => f.Key.To)
            .Select(f => new SegmentFlow(f.Key.From, f.Key.To, f.Value))
            .ToArray();
        return new SegmentFlows(
            version, PreviousVersion, _matched, _changed, _matched == 0 ? 0 : (double)_changed / _matched, _new,
            previous.Count, flows);
    }

    private void Increment(int? from, int? to) =>
        _counts[(from, to)] = _counts.GetValueOrDefault((from, to)) + 1;
}
