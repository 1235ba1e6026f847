using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace SegmentFunctions.Infra.Tests;

/// <summary>
/// infra/settings.json is the one list of setting names: local.settings.sample.json and every binding of the published
/// functions.metadata agree with it (the Bicep side is checked in <see cref="MainTemplateTests"/>).
/// </summary>
[Collection(PackagedFunctionAppCollection.Name)]
public sealed partial class SettingsConsistencyTests(PackagedFunctionApp package)
{
    [Fact]
    public void Catalog_names_are_unique_and_each_setting_is_set_somewhere_or_has_a_default()
    {
        var duplicates = SettingsCatalog.All.GroupBy(s => s.Name).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(duplicates.Count == 0, $"Documented twice: {string.Join(", ", duplicates)}");
        Assert.All(SettingsCatalog.All, s => Assert.True(s.Local is not null || s.Azure is not null || s.Default is not null, $"{s.Name} is set neither locally nor in Azure and has no default."));
        Assert.All(SettingsCatalog.All, s => Assert.NotEmpty(s.ReadBy));
    }

    [Fact]
    public void Every_sample_setting_is_documented_with_its_local_value()
    {
        var sample = FunctionApp.SampleSettings();

        foreach (var (name, value) in sample)
        {
            var documented = SettingsCatalog.Find(name);
            Assert.True(documented is not null, $"local.settings.sample.json sets {name}, which infra/settings.json does not document.");
            Assert.True(documented.Local == value, $"{name}: the sample sets '{value}', infra/settings.json documents local '{documented.Local}'.");
        }
    }

    [Fact]
    public void Every_documented_local_setting_is_in_the_sample()
    {
        var sample = FunctionApp.SampleSettings();

        var missing = SettingsCatalog.All.Where(s => s.Local is not null && !sample.ContainsKey(s.Name)).Select(s => s.Name).ToList();

        Assert.True(missing.Count == 0, $"Documented with a local value but missing from local.settings.sample.json: {string.Join(", ", missing)}");
    }

    [Fact]
    public void Every_binding_connection_and_setting_reference_is_documented_locally_and_in_azure()
    {
        var functions = package.Functions();
        Assert.NotEmpty(functions);

        var problems = new List<string>();
        foreach (var function in functions)
        {
            var name = (string)function["name"]!;
            var bindings = function["bindings"]?.AsArray() ?? [];
            Assert.True(bindings.Count > 0, $"{name} has no bindings in functions.metadata.");
            foreach (var binding in bindings.OfType<JsonObject>())
            {
                if ((string?)binding["connection"] is { Length: > 0 } connection)
                {
                    if (!SettingsCatalog.SatisfiesConnection(connection, s => s.Local is not null))
                    {
                        problems.Add($"{name}: connection '{connection}' has no documented local setting");
                    }

                    if (!SettingsCatalog.SatisfiesConnection(connection, s => s.IsAppSettingInAzure))
                    {
                        problems.Add($"{name}: connection '{connection}' has no documented Azure app setting");
                    }
                }

                foreach (var reference in SettingReferences(binding))
                {
                    if (SettingsCatalog.Find(reference) is not { Local: not null, Azure: not null })
                    {
                        problems.Add($"{name}: %{reference}% is not documented with both a local and an Azure value");
                    }
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Triggers_take_their_hub_consumer_group_and_schedule_from_settings()
    {
        var functions = package.Functions();
        Assert.NotEmpty(functions);

        var problems = new List<string>();
        foreach (var function in functions)
        {
            var name = (string)function["name"]!;
            foreach (var binding in (function["bindings"]?.AsArray() ?? []).OfType<JsonObject>())
            {
                switch ((string?)binding["type"])
                {
                    case "eventHubTrigger":
                        Expect(name, binding, "eventHubName", "%EventHubName%", problems);
                        Expect(name, binding, "consumerGroup", "%EventHubConsumerGroup%", problems);
                        break;
                    case "timerTrigger":
                        Expect(name, binding, "schedule", "%RetrainSchedule%", problems);
                        break;
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Setting_references_are_found_in_binding_properties()
    {
        var binding = JsonNode.Parse("""{"type":"timerTrigger","schedule":"%RetrainSchedule%","name":"timer","path":"%A%/x/%B%"}""")!.AsObject();

        Assert.Equal(["RetrainSchedule", "A", "B"], SettingReferences(binding));
    }

    private static void Expect(string function, JsonObject binding, string property, string expected, List<string> problems)
    {
        if ((string?)binding[property] != expected)
        {
            problems.Add($"{function}: {binding["type"]}.{property} is '{binding[property]}', expected '{expected}' (the setting main.bicep deploys)");
        }
    }

    private static IReadOnlyList<string> SettingReferences(JsonObject binding) =>
        binding.Select(p => p.Value)
            .OfType<JsonValue>()
            .Where(v => v.TryGetValue<string>(out _))
            .SelectMany(v => SettingReference().Matches(v.GetValue<string>()).Select(m => m.Groups["name"].Value))
            .ToList();

    [GeneratedRegex("%(?<name>[A-Za-z0-9_]+)%")]
    private static partial Regex SettingReference();
}
