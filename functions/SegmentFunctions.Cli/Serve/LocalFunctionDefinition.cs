using System.Collections.Immutable;
using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace SegmentFunctions.Cli.Serve;

/// <summary>A function as a local invocation describes it: its name and the method that runs it.</summary>
public sealed class LocalFunctionDefinition(string name, MethodInfo method) : FunctionDefinition
{
    public override ImmutableArray<FunctionParameter> Parameters { get; } =
        [.. method.GetParameters().Select(p => new FunctionParameter(p.Name!, p.ParameterType))];

    public override string PathToAssembly { get; } = method.DeclaringType!.Assembly.Location;

    public override string EntryPoint { get; } = $"{method.DeclaringType!.FullName}.{method.Name}";

    public override string Id { get; } = name;

    public override string Name { get; } = name;

    public override IImmutableDictionary<string, BindingMetadata> InputBindings { get; } = ImmutableDictionary<string, BindingMetadata>.Empty;

    public override IImmutableDictionary<string, BindingMetadata> OutputBindings { get; } = ImmutableDictionary<string, BindingMetadata>.Empty;
}
