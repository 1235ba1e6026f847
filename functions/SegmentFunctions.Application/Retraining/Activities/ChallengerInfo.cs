namespace SegmentFunctions.Application.Retraining.Activities;

/// <summary>The assembled challenger: its bundle blob in the run's folder and the bundle's SHA-256.</summary>
public sealed record ChallengerInfo(string Version, string BundleBlob, string ContentSha256, long Length, bool ChurnClassifierTrained);
