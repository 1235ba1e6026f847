using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace SegmentFunctions.Infra.Tests;

/// <summary>
/// One template of a compiled ARM deployment (the main template, or a module's nested template with inner expression
/// scope) and how its parameters get their values: a nested template's parameters come from its deployment resource,
/// evaluated in the parent scope; the main template's from the parameters file, else their defaults. Only plain
/// <c>[parameters('x')]</c> references are followed; other expressions are deployment-time values.
/// </summary>
internal sealed partial class ArmScope
{
    private readonly JsonObject _template;
    private readonly ArmScope? _parent;
    private readonly JsonObject? _deploymentParameters;
    private readonly JsonObject? _parameterFileValues;

    private ArmScope(JsonObject template, ArmScope? parent, JsonObject? deploymentParameters, JsonObject? parameterFileValues)
    {
        _template = template;
        _parent = parent;
        _deploymentParameters = deploymentParameters;
        _parameterFileValues = parameterFileValues;
    }

    public static ArmScope Root(JsonObject template, JsonObject parameterFileValues) =>
        new(template, null, null, parameterFileValues);

    /// <summary>This template's variables (values as compiled; expressions are not evaluated).</summary>
    public JsonObject Variables => _template["variables"]?.AsObject() ?? [];

    /// <summary>Every resource of this template and of the modules' nested templates, with the scope it lives in.</summary>
    public IEnumerable<(JsonObject Resource, ArmScope Scope)> AllResources()
    {
        foreach (var resource in Resources())
        {
            yield return (resource, this);
            if ((string?)resource["type"] == "Microsoft.Resources/deployments" &&
                resource["properties"]?["template"] is JsonObject nested)
            {
                var child = new ArmScope(nested, this, resource["properties"]?["parameters"]?.AsObject(), null);
                foreach (var inner in child.AllResources())
                {
                    yield return inner;
                }
            }
        }
    }

    /// <summary>The value a template value takes at deployment when it is a literal or a chain of parameters.</summary>
    public JsonNode? Resolve(JsonNode? value)
    {
        if (value is JsonValue text && text.TryGetValue<string>(out var s) && ParameterReference().Match(s) is { Success: true } match)
        {
            return ParameterValue(match.Groups["name"].Value);
        }

        return value;
    }

    private JsonNode? ParameterValue(string name)
    {
        if (_parent is not null && _deploymentParameters?[name]?["value"] is { } passed)
        {
            return _parent.Resolve(passed);
        }

        if (_parent is null && _parameterFileValues?[name]?["value"] is { } fromFile)
        {
            return fromFile;
        }

        return Resolve(_template["parameters"]?[name]?["defaultValue"]);
    }

    private IEnumerable<JsonObject> Resources() => _template["resources"] switch
    {
        JsonArray array => array.OfType<JsonObject>(),
        JsonObject symbolic => symbolic.Select(p => p.Value).OfType<JsonObject>(),
        _ => [],
    };

    [GeneratedRegex(@"^\[parameters\('(?<name>[^']+)'\)\]$")]
    private static partial Regex ParameterReference();
}
