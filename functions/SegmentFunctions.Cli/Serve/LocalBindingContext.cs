using Microsoft.Azure.Functions.Worker;

namespace SegmentFunctions.Cli.Serve;

/// <summary>The binding data of a local invocation: route values for HTTP, or what a test passes as the host would.</summary>
public sealed class LocalBindingContext(IReadOnlyDictionary<string, object?> bindingData) : BindingContext
{
    public override IReadOnlyDictionary<string, object?> BindingData { get; } = bindingData;
}
