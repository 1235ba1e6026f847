namespace SegmentFunctions.Hosting;

/// <summary>
/// The optional API key of a handler that runs without the Functions host (setting <c>Api__Key</c>). Behind the host,
/// function keys are checked by the host and this stays empty.
/// </summary>
public sealed class ApiKeyOptions
{
    public const string SectionName = "Api";

    /// <summary>When set, every endpoint except health and the readiness probe requires it.</summary>
    public string? Key { get; set; }
}
