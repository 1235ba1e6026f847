using SegmentFunctions.Domain.Models.Churn;
using SegmentFunctions.Domain.Training;

namespace SegmentFunctions.Application.Training;

/// <summary>
/// Which model serves churn and why (<see cref="ChurnServingRule"/>): the trained classifier and BG/NBD's expected
/// purchases compared on the same validation rows.
/// </summary>
/// <param name="Model"><see cref="ChurnServingRule.Classifier"/> or <see cref="ChurnServingRule.BgNbd"/>.</param>
/// <param name="Reason">One sentence for reports: the two AUCs and the decision.</param>
/// <param name="Plan">The cut-offs and label horizon the classifier was trained on.</param>
/// <param name="Classifier">The validation metrics of the classifier.</param>
/// <param name="BgNbd">The validation metrics of BG/NBD's expected purchases; null when BG/NBD could not be fitted at the cut-off.</param>
/// <param name="Candidate">The trained classifier, also when BG/NBD serves (a backtest still measures it).</param>
/// <param name="CandidateQuality">The classifier against the recency baseline on the validation rows.</param>
public sealed record ChurnServingChoice(
    string Model,
    string Reason,
    ChurnTrainingPlan Plan,
    ChurnMetrics Classifier,
    ChurnMetrics? BgNbd,
    ChurnClassifier Candidate,
    ChurnQuality CandidateQuality)
{
    public bool ClassifierServes => Model == ChurnServingRule.Classifier;
}
