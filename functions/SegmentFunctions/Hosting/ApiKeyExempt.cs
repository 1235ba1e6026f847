namespace SegmentFunctions.Hosting;

/// <summary>Endpoint metadata: the endpoint answers without the API key (health, the host's readiness probe).</summary>
public sealed class ApiKeyExempt
{
    public static ApiKeyExempt Instance { get; } = new();

    private ApiKeyExempt()
    {
    }
}
