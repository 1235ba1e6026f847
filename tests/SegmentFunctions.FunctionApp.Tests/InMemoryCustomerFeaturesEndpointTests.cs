using SegmentFunctions.FunctionApp.Tests.Infrastructure;

namespace SegmentFunctions.FunctionApp.Tests;

/// <summary>The feature endpoint on the in-memory store.</summary>
public sealed class InMemoryCustomerFeaturesEndpointTests(FunctionAppFactory factory) : CustomerFeaturesEndpointTests<FunctionAppFactory>(factory);
