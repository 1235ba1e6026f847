using SegmentFunctions.Domain.Training;

namespace SegmentFunctions.Application.Retraining.Activities;

/// <summary>
/// The customers the challenger is evaluated on, with a few numbers kept per customer: those the classifier's training
/// held out (<paramref name="listed"/>), or, when none are listed (no classifier was trained), the ones it would have
/// held out, drawn by id (<paramref name="draw"/>, its training side empty). Either way the kept rows do not depend on
/// the order or shards the customers arrive in.
/// </summary>
internal sealed class EvaluationHoldout(HashSet<string>? listed, ChurnSample draw)
{
    private readonly SampledRows? _listedRows = listed is null ? null : new SampledRows(draw.Columns.Count, capacity: null);

    public bool Admits(string customerId) => listed is not null ? listed.Contains(customerId) : draw.Admits(customerId);

    public void Offer(string customerId, ReadOnlySpan<double> values)
    {
        if (_listedRows is not null)
        {
            _listedRows.Offer(0, customerId, 0, values, flag: false);
        }
        else
        {
            draw.Offer(customerId, 0, values, churned: false);
        }
    }

    public HashSet<string> CustomerIds() =>
        _listedRows is not null ? new HashSet<string>(_listedRows.CustomerIds, StringComparer.Ordinal) : draw.CustomerIds();

    /// <summary>The kept customers in a fixed order and their values, row-major.</summary>
    public (string[] Ids, double[] Values) Ordered()
    {
        if (_listedRows is not null)
        {
            var (ids, values, _) = _listedRows.Ordered();
            return (ids, values);
        }

        var (heldOut, rows, _) = draw.HeldOutRows();
        return (heldOut, rows);
    }
}
