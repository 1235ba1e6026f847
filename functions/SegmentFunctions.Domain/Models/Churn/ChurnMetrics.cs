namespace SegmentFunctions.Domain.Models.Churn;

/// <summary>
/// Quality of churn probabilities against labels (positive = churned). Scores may tie; every metric treats ties
/// as if broken at random, so a constant scorer gets AUC 0.5 and lift 1.
/// </summary>
/// <param name="RocAuc">Area under the ROC curve: P(score of a churner &gt; score of a non-churner), ties count 1/2
/// (Mann-Whitney U with mid-ranks; Hanley &amp; McNeil, 1982).</param>
/// <param name="PrAuc">Average precision: sum over distinct thresholds of (R_k - R_{k-1}) * P_k, the step-wise area
/// under the precision-recall curve (as scikit-learn's average_precision_score).</param>
/// <param name="Brier">Mean of (p - y)^2 (Brier, 1950).</param>
/// <param name="LogLoss">Mean of -[y ln p + (1 - y) ln(1 - p)], p clipped to [1e-15, 1 - 1e-15].</param>
/// <param name="TopDecileLift">Churn rate among the top 10% by score (ceil(n/10) customers) over the overall churn rate.</param>
public sealed record ChurnMetrics(int Count, double ChurnRate, double RocAuc, double PrAuc, double Brier, double LogLoss, double TopDecileLift)
{
    private const double Epsilon = 1e-15;

    /// <exception cref="ArgumentException">Lengths differ, a probability is outside [0, 1], or a class is missing.</exception>
    public static ChurnMetrics Compute(ReadOnlySpan<double> probabilities, IReadOnlyList<bool> churned)
    {
        ArgumentNullException.ThrowIfNull(churned);
        var n = probabilities.Length;
        if (n != churned.Count)
        {
            throw new ArgumentException($"{n} probabilities but {churned.Count} labels.", nameof(churned));
        }

        var positives = 0;
        double brier = 0, logLoss = 0;
        for (var i = 0; i < n; i++)
        {
            var p = probabilities[i];
            if (!(p >= 0 && p <= 1))
            {
                throw new ArgumentException($"Probability {i} is {p}; probabilities must be in [0, 1].", nameof(probabilities));
            }

            var y = churned[i] ? 1.0 : 0.0;
            positives += churned[i] ? 1 : 0;
            brier += (p - y) * (p - y);
            var clipped = Math.Clamp(p, Epsilon, 1 - Epsilon);
            logLoss -= y * Math.Log(clipped) + (1 - y) * Math.Log(1 - clipped);
        }

        if (positives == 0 || positives == n)
        {
            throw new ArgumentException($"Metrics need both churners and non-churners; got {positives} churners of {n}.", nameof(churned));
        }

        // Descending by score; groups of equal scores are handled as a whole.
        var order = Enumerable.Range(0, n).ToArray();
        var scores = probabilities.ToArray();
        Array.Sort(order, (a, b) => scores[b].CompareTo(scores[a]));

        var negatives = n - positives;
        double aucSum = 0, averagePrecision = 0, topPositives = 0;
        var top = (int)Math.Ceiling(n / 10.0);
        int seen = 0, seenPositives = 0, seenNegatives = 0;
        for (var start = 0; start < n;)
        {
            var end = start;
            int groupPositives = 0;
            while (end < n && scores[order[end]] == scores[order[start]])
            {
                groupPositives += churned[order[end]] ? 1 : 0;
                end++;
            }

            var groupSize = end - start;
            var groupNegatives = groupSize - groupPositives;

            // AUC: each positive in the group beats the negatives ranked below and ties half of the group's negatives.
            aucSum += groupPositives * (negatives - seenNegatives - groupNegatives + 0.5 * groupNegatives);

            seenPositives += groupPositives;
            seenNegatives += groupNegatives;
            if (groupPositives > 0)
            {
                averagePrecision += (double)groupPositives / positives * ((double)seenPositives / (seen + groupSize));
            }

            // Lift: the part of the group inside the top k contributes its expected positives under random tie-breaks.
            var inTop = Math.Clamp(top - seen, 0, groupSize);
            topPositives += (double)groupPositives * inTop / groupSize;
            seen += groupSize;
            start = end;
        }

        var rate = (double)positives / n;
        return new ChurnMetrics(
            n, rate,
            aucSum / ((double)positives * negatives),
            averagePrecision,
            brier / n,
            logLoss / n,
            topPositives / top / rate);
    }
}
