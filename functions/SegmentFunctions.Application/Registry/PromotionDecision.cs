namespace SegmentFunctions.Application.Registry;

/// <summary>The gate's verdict and why, in words fit for current.json's reason and the run status.</summary>
public sealed record PromotionDecision(bool Promote, string Reason);
