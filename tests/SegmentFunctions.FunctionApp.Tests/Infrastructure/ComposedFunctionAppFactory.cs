namespace SegmentFunctions.FunctionApp.Tests.Infrastructure;

/// <summary>
/// The function app with the services it composes from configuration: the real featurizer, the embedded SQLite
/// feature store and the local dead-letter folder under a fresh SEGMENT_DATA_DIR. No Azure connection is configured.
/// </summary>
public class ComposedFunctionAppFactory : FunctionAppFactory
{
    protected override bool UseComposedServices => true;
}
