namespace SegmentFunctions.Application.Retraining.Activities;

/// <summary>
/// Champion and challenger on the same holdout. <paramref name="Labelled"/> is false without a cut-off snapshot: then
/// only the challenger's segment sizes (of its training customers) are known. An AUC is null when it cannot be
/// measured (no labels, one class only, or for the champion <paramref name="ChampionProblem"/>).
/// </summary>
public sealed record ChallengerEvaluation(
    bool Labelled,
    int HoldoutCustomers,
    double? ChurnRate,
    double? ChallengerAuc,
    IReadOnlyList<long> ChallengerSegmentSizes,
    double? ChampionAuc,
    string? ChampionProblem);
