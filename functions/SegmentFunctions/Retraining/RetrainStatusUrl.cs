namespace SegmentFunctions.Retraining;

/// <summary>
/// Where a run's status is read, for the <c>Location</c> of a start and of a running status. Absolute on the app's own
/// host name when the configuration names it (<c>WEBSITE_HOSTNAME</c>, which Azure sets for every function app),
/// relative otherwise; never from the request's Host header, which the caller chooses.
/// </summary>
public sealed class RetrainStatusUrl(IConfiguration configuration)
{
    public const string HostNameSetting = "WEBSITE_HOSTNAME";

    private readonly string _base = configuration[HostNameSetting] is { Length: > 0 } host ? $"https://{host.TrimEnd('/')}" : string.Empty;

    public static string PathOf(string runId) => $"/api/retrain/{Uri.EscapeDataString(runId)}";

    public Uri For(string runId) => new(_base + PathOf(runId), _base.Length == 0 ? UriKind.Relative : UriKind.Absolute);
}
