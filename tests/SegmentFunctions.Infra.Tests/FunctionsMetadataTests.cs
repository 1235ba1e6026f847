using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SegmentFunctions.Testing;

namespace SegmentFunctions.Infra.Tests;

/// <summary>
/// The functions.metadata the SDK generated for the Release publish is what the docs and the Bicep template say: the
/// same functions with the same trigger types, routes, methods and authorization levels as the table in
/// docs/function-app.md, the Event Hubs binding exactly as the extension writes it, and every setting a binding names
/// deployed as an app setting.
/// </summary>
[Collection(PackagedFunctionAppCollection.Name)]
public sealed partial class FunctionsMetadataTests(PackagedFunctionApp package, CompiledMainTemplate main) : IClassFixture<CompiledMainTemplate>
{
    private const string GuidePath = "docs/function-app.md";

    [Fact]
    public void Every_function_is_documented_with_its_trigger_route_and_authorization_level()
    {
        var documented = DocumentedFunctions();
        var generated = package.Functions().ToDictionary(f => (string)f["name"]!, Describe);

        Assert.NotEmpty(generated);
        Assert.Equal(documented.Keys.Order(StringComparer.Ordinal), generated.Keys.Order(StringComparer.Ordinal));
        Assert.All(generated, f => Assert.Equal(documented[f.Key], f.Value));
    }

    [Fact]
    public void The_event_hubs_trigger_is_the_binding_the_extension_writes()
    {
        var function = package.Functions().Single(f => (string?)f["name"] == "FeaturizeEvents");
        var trigger = Trigger(function);

        Assert.Equal("eventHubTrigger", (string?)trigger["type"]);
        Assert.Equal("In", (string?)trigger["direction"], ignoreCase: true);
        Assert.Equal("%EventHubName%", (string?)trigger["eventHubName"]);
        Assert.Equal("EventHubConnection", (string?)trigger["connection"]);
        Assert.Equal("%EventHubConsumerGroup%", (string?)trigger["consumerGroup"]);
        Assert.Equal("many", (string?)trigger["cardinality"], ignoreCase: true);
        Assert.Equal("string", (string?)trigger["dataType"], ignoreCase: true);
        var retry = function["retry"]!;
        Assert.Equal("exponentialBackoff", (string?)retry["strategy"]);
        Assert.Equal(-1, (int?)retry["maxRetryCount"]);
        Assert.Equal("00:00:05", (string?)retry["minimumInterval"]);
        Assert.Equal("00:05:00", (string?)retry["maximumInterval"]);
    }

    [Fact]
    public void Every_setting_a_binding_names_is_a_deployed_app_setting()
    {
        var appSettings = main.AppSettings().Keys.ToHashSet(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var function in package.Functions())
        {
            foreach (var binding in function["bindings"]!.AsArray().OfType<JsonObject>())
            {
                if ((string?)binding["connection"] is { Length: > 0 } connection
                    && !appSettings.Any(s => s == connection || s.StartsWith(connection + "__", StringComparison.Ordinal)))
                {
                    problems.Add($"{function["name"]}: connection '{connection}' is not deployed");
                }

                foreach (var value in binding.Select(p => p.Value).OfType<JsonValue>().Where(v => v.TryGetValue<string>(out _)))
                {
                    foreach (Match reference in SettingReference().Matches(value.GetValue<string>()))
                    {
                        if (!appSettings.Contains(reference.Groups["name"].Value))
                        {
                            problems.Add($"{function["name"]}: %{reference.Groups["name"].Value}% is not deployed");
                        }
                    }
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    /// <summary>A function as the guide's table states it: trigger type, then route or source, then authorization level.</summary>
    private static string Describe(JsonObject function)
    {
        var trigger = Trigger(function);
        var type = (string)trigger["type"]!;
        var source = type switch
        {
            "httpTrigger" => $"{string.Join(",", trigger["methods"]!.AsArray().Select(m => ((string)m!).ToUpperInvariant()))} /api/{trigger["route"]}",
            "eventHubTrigger" => (string)trigger["eventHubName"]!,
            "timerTrigger" => (string)trigger["schedule"]!,
            _ => "-",
        };
        var auth = ((string?)trigger["authLevel"])?.ToLowerInvariant() ?? "-";
        return $"{type} | {source} | {auth}";
    }

    private static JsonObject Trigger(JsonObject function) =>
        function["bindings"]!.AsArray().OfType<JsonObject>().Single(b => ((string?)b["type"])!.EndsWith("Trigger", StringComparison.Ordinal));

    /// <summary>The guide's function table: <c>| `Name` | `type` | `source` | `auth` | what it does |</c>.</summary>
    private static Dictionary<string, string> DocumentedFunctions()
    {
        var guide = File.ReadAllText(Path.Combine(RepositoryPaths.Root, GuidePath));
        var rows = FunctionRow().Matches(guide);
        Assert.True(rows.Count > 0, $"{GuidePath} has no function table.");
        return rows.ToDictionary(
            r => r.Groups["name"].Value,
            r => $"{r.Groups["type"].Value} | {r.Groups["source"].Value} | {r.Groups["auth"].Value}");
    }

    [GeneratedRegex(@"^\| `(?<name>[A-Za-z]+)` \| `(?<type>[A-Za-z]+)` \| `(?<source>[^`]+)` \| `(?<auth>[a-z-]+)` \|", RegexOptions.Multiline)]
    private static partial Regex FunctionRow();

    [GeneratedRegex("%(?<name>[A-Za-z0-9_]+)%")]
    private static partial Regex SettingReference();
}
