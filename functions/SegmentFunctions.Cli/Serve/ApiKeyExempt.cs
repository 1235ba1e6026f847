namespace SegmentFunctions.Cli.Serve;

/// <summary>Endpoint metadata: the function answers without the API key (its authorization level is anonymous).</summary>
public sealed class ApiKeyExempt
{
    public static ApiKeyExempt Instance { get; } = new();

    private ApiKeyExempt()
    {
    }
}
