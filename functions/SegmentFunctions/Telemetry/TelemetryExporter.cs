namespace SegmentFunctions.Telemetry;

/// <summary>Where the function app's traces and metrics go (setting <c>Telemetry__Exporter</c>).</summary>
internal enum TelemetryExporter
{
    /// <summary>Application Insights when APPLICATIONINSIGHTS_CONNECTION_STRING is set, the console otherwise.</summary>
    Auto,
    ApplicationInsights,
    Console,
    None,
}
