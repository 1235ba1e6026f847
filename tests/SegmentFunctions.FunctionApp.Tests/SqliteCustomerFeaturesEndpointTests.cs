using SegmentFunctions.FunctionApp.Tests.Infrastructure;

namespace SegmentFunctions.FunctionApp.Tests;

/// <summary>The feature endpoint on the store AddSegmentStorage composes without Azure settings (embedded SQLite).</summary>
public sealed class SqliteCustomerFeaturesEndpointTests(ComposedFunctionAppFactory factory)
    : CustomerFeaturesEndpointTests<ComposedFunctionAppFactory>(factory);
