namespace SegmentFunctions.Domain.Scoring;

/// <summary>A stream is not a model bundle this code can read: not a zip, an entry missing or corrupt, or another format version.</summary>
public sealed class ModelBundleFormatException : Exception
{
    public ModelBundleFormatException(string message)
        : base(message)
    {
    }

    public ModelBundleFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
