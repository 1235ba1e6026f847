using SegmentFunctions.Domain.Models.Churn;
using SegmentFunctions.Domain.Models.Lifetime;
using SegmentFunctions.Domain.Models.Segmentation;
using SegmentFunctions.Domain.Readiness;

namespace SegmentFunctions.Application.Training;

/// <summary>How a bundle was trained and how good its parts are.</summary>
/// <param name="Customers">Rows of the training table.</param>
/// <param name="SegmentationColumns">Columns the mixture was fitted on (after dropping constant ones).</param>
/// <param name="Elbo">Final ELBO of the best restart.</param>
/// <param name="EffectiveComponents">Segments kept.</param>
/// <param name="SegmentSizes">Customers per segment id at training.</param>
/// <param name="BgNbd">The fitted BG/NBD model (parameters, log-likelihood).</param>
/// <param name="GammaGamma">The fitted Gamma-Gamma model, null when it could not be fitted.</param>
/// <param name="Churn">Classifier against the recency baseline on held-out customers; null when not trained.</param>
/// <param name="Readiness">The readiness report of the churn data, null when no cut-off documents were given.</param>
/// <param name="SegmentFlows">Matching against the previous bundle: changed share and flows; null without one.</param>
/// <param name="Warnings">Dropped columns, fits that failed and fell back, and similar findings.</param>
/// <param name="ChurnServing">Which churn model serves and why, when a classifier was trained.</param>
public sealed record ModelBundleTrainingReport(
    int Customers,
    IReadOnlyList<string> SegmentationColumns,
    double Elbo,
    int EffectiveComponents,
    IReadOnlyDictionary<int, int> SegmentSizes,
    BgNbdModel BgNbd,
    GammaGammaModel? GammaGamma,
    ChurnQuality? Churn,
    DataReadinessReport? Readiness,
    SegmentMatchResult? SegmentFlows,
    IReadOnlyList<string> Warnings,
    ChurnServingChoice? ChurnServing = null);
