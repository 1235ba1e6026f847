namespace SegmentFunctions.Domain.Models.Churn;

/// <summary>
/// Which model serves churn, decided on a validation split and never by default: the classifier serves only where its
/// ROC AUC on the validation rows is at least that of BG/NBD's expected purchases (fewer expected purchases ranking as
/// more likely to churn) on the same rows; otherwise BG/NBD serves. AUC compares rankings, which is what a churn score
/// is used for (who to contact first), and both models are scored on the same customers and labels.
/// </summary>
public static class ChurnServingRule
{
    public const string Classifier = "classifier";
    public const string BgNbd = "bgnbd";

    public static bool ClassifierServes(ChurnMetrics classifier, ChurnMetrics bgNbd)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(bgNbd);
        return classifier.RocAuc >= bgNbd.RocAuc;
    }

    /// <summary>BG/NBD's churn score from its expected purchases: exp(-E[Y]) keeps the ranking and lies in (0, 1].</summary>
    public static double[] BgNbdScores(ReadOnlySpan<double> expectedPurchases)
    {
        var scores = new double[expectedPurchases.Length];
        for (var i = 0; i < scores.Length; i++)
        {
            scores[i] = Math.Exp(-expectedPurchases[i]);
        }

        return scores;
    }
}
