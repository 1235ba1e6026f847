namespace SegmentFunctions.Application.Training;

/// <summary>The data cannot train a model bundle (too few customers, no repeat buyers, nothing to segment on); the message says which and why.</summary>
public sealed class ModelTrainingException : Exception
{
    public ModelTrainingException(string message)
        : base(message)
    {
    }

    public ModelTrainingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
