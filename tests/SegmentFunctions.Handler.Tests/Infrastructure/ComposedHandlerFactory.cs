namespace SegmentFunctions.Handler.Tests.Infrastructure;

/// <summary>
/// The handler with the services its Program composes from configuration: the real featurizer, the embedded SQLite
/// feature store and the local dead-letter folder under a fresh SEGMENT_DATA_DIR. No Azure connection is configured.
/// </summary>
public class ComposedHandlerFactory : HandlerFactory
{
    protected override bool UseComposedServices => true;
}
