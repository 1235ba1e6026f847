namespace SegmentFunctions.Cli.Serve;

/// <summary>
/// The optional API key of <c>segment serve</c> (setting <c>Api__Key</c>), which runs the HTTP functions without the
/// Functions host and so without its function keys.
/// </summary>
public sealed class ApiKeyOptions
{
    public const string SectionName = "Api";

    /// <summary>When set, every function except the anonymous ones (health) requires it.</summary>
    public string? Key { get; set; }
}
