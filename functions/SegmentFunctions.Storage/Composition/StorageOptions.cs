namespace SegmentFunctions.Storage.Composition;

/// <summary>Options of the stores, bound from the "Storage" configuration section.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    public string CosmosDatabase { get; set; } = "segmentfunctions";
    public string CosmosContainer { get; set; } = "features";

    /// <summary>Container of the suppression list (erased customers), partitioned by /list.</summary>
    public string CosmosSuppressionContainer { get; set; } = "suppressions";

    /// <summary>Gateway (HTTPS) instead of direct (TCP) connectivity; needed behind restrictive networks and for emulators.</summary>
    public bool CosmosGatewayMode { get; set; }

    /// <summary>
    /// Local emulators only: trust any TLS certificate and talk only to the configured endpoint (no region discovery).
    /// Never set against a real account.
    /// </summary>
    public bool AcceptAnyServerCertificate { get; set; }

    /// <summary>Attempts of a Cosmos operation that fails transiently (429, 503, 408, timeouts) before giving up.</summary>
    public int CosmosMaxAttempts { get; set; } = 5;

    /// <summary>First backoff delay; it doubles per attempt.</summary>
    public TimeSpan CosmosRetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Timeout of one Cosmos request.</summary>
    public TimeSpan CosmosRequestTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
