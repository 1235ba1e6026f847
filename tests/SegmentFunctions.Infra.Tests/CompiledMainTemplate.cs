using System.Text.Json.Nodes;

namespace SegmentFunctions.Infra.Tests;

/// <summary>
/// infra/main.bicep compiled once through infra/main.bicepparam: the ARM template text, its resources (modules
/// included) and the deployed values of the function app's settings.
/// </summary>
public sealed class CompiledMainTemplate
{
    public const string ParametersFile = "infra/main.bicepparam";

    public CompiledMainTemplate()
    {
        var result = BicepCli.BuildParams(ParametersFile);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"bicep build-params {ParametersFile} failed: {result.Describe()}");
        }

        var output = JsonNode.Parse(result.StandardOutput)!.AsObject();
        TemplateText = output["templateJson"]!.GetValue<string>();
        var template = JsonNode.Parse(TemplateText)!.AsObject();
        ParameterNames = template["parameters"]!.AsObject().Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        OutputNames = template["outputs"]!.AsObject().Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        var parameters = JsonNode.Parse(output["parametersJson"]!.GetValue<string>())!["parameters"]!.AsObject();
        Resources = ArmScope.Root(template, parameters).AllResources().ToList();
    }

    /// <summary>The compiled ARM JSON, as deployed.</summary>
    public string TemplateText { get; }

    public IReadOnlySet<string> ParameterNames { get; }

    public IReadOnlySet<string> OutputNames { get; }

    internal IReadOnlyList<(JsonObject Resource, ArmScope Scope)> Resources { get; }

    internal IReadOnlyList<(JsonObject Resource, ArmScope Scope)> OfType(string type) =>
        Resources.Where(r => string.Equals((string?)r.Resource["type"], type, StringComparison.OrdinalIgnoreCase)).ToList();

    internal (JsonObject Resource, ArmScope Scope) Single(string type)
    {
        var matches = OfType(type);
        Assert.True(matches.Count == 1, $"Expected one {type} resource, found {matches.Count}.");
        return matches[0];
    }

    /// <summary>The function app's app settings: name to the value it takes (a literal, or an ARM expression).</summary>
    internal IReadOnlyDictionary<string, JsonNode?> AppSettings()
    {
        var (resource, scope) = Single("Microsoft.Web/sites/config");
        Assert.EndsWith("'appsettings')]", (string?)resource["name"]);
        return resource["properties"]!.AsObject().ToDictionary(p => p.Key, p => scope.Resolve(p.Value));
    }
}
