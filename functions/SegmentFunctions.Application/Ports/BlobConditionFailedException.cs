namespace SegmentFunctions.Application.Ports;

/// <summary>A conditional blob write found the blob in another state than required.</summary>
public sealed class BlobConditionFailedException(string path) : Exception($"The write condition on blob '{path}' did not hold.")
{
    public string Path { get; } = path;
}
