namespace SegmentFunctions.Retraining;

/// <summary>
/// The 202 body of POST /api/retrain, shaped like Durable's check-status response (<c>id</c>,
/// <c>statusQueryGetUri</c>); <paramref name="Created"/> is false when the start returned the run already active.
/// </summary>
public sealed record RetrainCheckStatus(string Id, Uri StatusQueryGetUri, bool Created);
