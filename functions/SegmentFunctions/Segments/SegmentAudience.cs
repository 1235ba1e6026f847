using SegmentFunctions.Application.BatchScoring;
using SegmentFunctions.Domain.Scoring;
using SegmentFunctions.Scoring;

namespace SegmentFunctions.Segments;

/// <summary>
/// Reads one page of a segment's audience from a batch score version's segment file (sorted by churn descending):
/// in churn order by a scan from the cursor's row that ends at the first row below minChurn; in expected-value order by
/// ranking the whole filtered audience (customers without a CLV cannot be valued and are left out).
/// </summary>
public sealed class SegmentAudience(BatchScoreReader batchScores)
{
    public Task<AudiencePage> ReadPageAsync(string version, int segmentId, AudienceQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return query.OrderBy == AudienceOrderBy.ExpectedValue
            ? RankByValueAsync(version, segmentId, query, cancellationToken)
            : ScanByChurnAsync(version, segmentId, query, cancellationToken);
    }

    private async Task<AudiencePage> ScanByChurnAsync(string version, int segmentId, AudienceQuery query, CancellationToken cancellationToken)
    {
        var members = new List<AudienceMember>(Math.Min(query.Limit, 256));
        var skip = query.Cursor?.Row ?? 0;
        long row = -1;
        await foreach (var record in batchScores.ReadSegmentAsync(version, segmentId, cancellationToken))
        {
            row++;
            if (row < skip || record.ChurnProbability > query.MaxChurn)
            {
                continue;
            }

            if (record.ChurnProbability < query.MinChurn)
            {
                return new AudiencePage(members, null, null, null);
            }

            if (!query.Admits(record.ChurnBand, record.Clv, record.ProbabilityAlive))
            {
                continue;
            }

            if (members.Count == query.Limit)
            {
                return new AudiencePage(members, row, null, null);
            }

            members.Add(Member(record, null));
        }

        return new AudiencePage(members, null, null, null);
    }

    private async Task<AudiencePage> RankByValueAsync(string version, int segmentId, AudienceQuery query, CancellationToken cancellationToken)
    {
        var ranked = new List<(BatchScoreRecord Record, double Value)>();
        await foreach (var record in batchScores.ReadSegmentAsync(version, segmentId, cancellationToken))
        {
            if (record.ChurnProbability > query.MaxChurn)
            {
                continue;
            }

            if (record.ChurnProbability < query.MinChurn)
            {
                break;
            }

            if (query.Admits(record.ChurnBand, record.Clv, record.ProbabilityAlive)
                && query.Economics.ExpectedValue(record.ChurnProbability, record.Clv) is { } value)
            {
                ranked.Add((record, value));
            }
        }

        ranked.Sort(static (x, y) =>
        {
            var byValue = y.Value.CompareTo(x.Value);
            return byValue != 0 ? byValue : string.CompareOrdinal(x.Record.CustomerId, y.Record.CustomerId);
        });

        var worth = ranked.Where(r => r.Value > 0).ToList();
        var start = (int)Math.Min(query.Cursor?.Row ?? 0, ranked.Count);
        var end = Math.Min(start + query.Limit, ranked.Count);
        var members = ranked[start..end].Select(r => Member(r.Record, r.Value)).ToList();
        return new AudiencePage(members, end < ranked.Count ? end : null, worth.Sum(r => r.Value), worth.Count);
    }

    private static AudienceMember Member(BatchScoreRecord record, double? expectedValue) => new(
        record.CustomerId,
        record.ChurnProbability,
        record.ChurnBand,
        Estimate(record.ProbabilityAlive, record.ProbabilityAliveInterval),
        Estimate(record.ExpectedPurchases, record.ExpectedPurchasesInterval),
        record.Clv is { } clv ? Estimate(clv, record.ClvInterval) : null,
        expectedValue);

    private static Estimate Estimate(double value, ScoreInterval? interval) => new(value, interval?.Low, interval?.High);
}
