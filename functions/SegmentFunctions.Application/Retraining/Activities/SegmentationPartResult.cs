namespace SegmentFunctions.Application.Retraining.Activities;

/// <summary>The fitted segmentation, stored in <paramref name="Blob"/>.</summary>
public sealed record SegmentationPartResult(string Blob, int Customers, int Segments, double Elbo, IReadOnlyList<string> Warnings);
