namespace SegmentFunctions.Application.Retraining;

/// <summary>The registered names of the retraining activities, in the order a run calls them (RecordRun last, whatever the outcome).</summary>
public static class RetrainActivityNames
{
    public const string PlanSnapshot = "PlanSnapshot";
    public const string WriteSnapshotShard = "WriteSnapshotShard";
    public const string CompleteSnapshot = "CompleteSnapshot";
    public const string FindCutoffSnapshot = "FindCutoffSnapshot";
    public const string FindChampion = "FindChampion";
    public const string CheckReadiness = "CheckReadiness";
    public const string PrepareFitShard = "PrepareFitShard";
    public const string FitSegmentation = "FitSegmentation";
    public const string FitLifetime = "FitLifetime";
    public const string TrainChurnClassifier = "TrainChurnClassifier";
    public const string AssembleChallenger = "AssembleChallenger";
    public const string EvaluateChallenger = "EvaluateChallenger";
    public const string Publish = "Publish";
    public const string BatchScoreShard = "BatchScoreShard";
    public const string MergeBatchScores = "MergeBatchScores";
    public const string RecordRun = "RecordRun";
}
