using SegmentFunctions.FunctionApp.Tests.Infrastructure;

namespace SegmentFunctions.FunctionApp.Tests.Operations;

/// <summary>The app with its own composition on a fresh embedded store: real dead-letter archive and run records.</summary>
public sealed class ComposedFunctionAppFactory : FunctionAppFactory
{
    protected override bool UseComposedServices => true;
}
