namespace SegmentFunctions.Application.Retraining;

/// <summary>The snapshot cannot train a model (empty, too few customers, no buyers); the message says which. The champion keeps serving.</summary>
public sealed class RetrainDataException(string message) : Exception(message);
