namespace SegmentFunctions.Retraining;

/// <summary>
/// The result of working off one retrain-runs message. A settled message is deleted; an unsettled one fails its
/// delivery, so it is retried and finally moved to the poison queue, where it stays for inspection.
/// </summary>
public sealed record RetrainRunOutcome(RetrainRunDisposition Disposition, string Description)
{
    public bool Settled => Disposition is RetrainRunDisposition.Finished or RetrainRunDisposition.HeldByAnotherWorker;
}
