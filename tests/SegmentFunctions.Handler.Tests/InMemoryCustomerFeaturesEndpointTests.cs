using SegmentFunctions.Handler.Tests.Infrastructure;

namespace SegmentFunctions.Handler.Tests;

/// <summary>The feature endpoint on the in-memory store.</summary>
public sealed class InMemoryCustomerFeaturesEndpointTests(FunctionAppFactory factory) : CustomerFeaturesEndpointTests<FunctionAppFactory>(factory);
