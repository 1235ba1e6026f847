using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SegmentFunctions.Application.Ingestion;
using SegmentFunctions.Application.Retraining;
using SegmentFunctions.Application.Serving;
using SegmentFunctions.Cli.Serve;
using SegmentFunctions.Composition;
using SegmentFunctions.DurableTask;
using SegmentFunctions.Ingestion;
using SegmentFunctions.Storage.Composition;
using SegmentFunctions.Telemetry;
using SegmentFunctions.Testing;

namespace SegmentFunctions.FunctionApp.Tests.Settings;

/// <summary>
/// The configuration keys the function app's code (and `segment serve`'s API key) binds are the ones infra/settings.json documents (and so the ones
/// local.settings.sample.json and the Bicep app settings are checked against in the infra tests).
/// </summary>
public sealed class SettingsCatalogTests
{
    /// <summary>The first segments of the application's own keys; anything else is the framework's (Logging, Kestrel, ...).</summary>
    private static readonly string[] ApplicationPrefixes =
    [
        "Storage", "Ingestion", "Retraining", "DurableTask", "Telemetry", "CosmosDb", "AzureWebJobsStorage", "EventHubName",
        "EventHubConnection", "Serving", "Api", "SEGMENT_DATA_DIR", "APPLICATIONINSIGHTS_CONNECTION_STRING", "APPLICATIONINSIGHTS_AUTHENTICATION_STRING",
    ];

    /// <summary>Sections bound to options classes: reading the section itself is not a setting.</summary>
    private static readonly HashSet<string> OptionSections = new([StorageOptions.SectionName, IngestionOptions.SectionName, RetrainingOptions.SectionName, ServingOptions.SectionName, ApiKeyOptions.SectionName, LocalDurableTaskOptions.SectionName, "Telemetry"], StringComparer.OrdinalIgnoreCase);

    [Fact]
    public void Every_key_the_function_app_reads_is_documented_in_infra_settings_json()
    {
        var recorder = new KeyRecordingConfigurationSource();
        var dataDirectory = Directory.CreateTempSubdirectory("segment-settings-");
        try
        {
            // The recorder is added last, so it is asked first for every key and records it before the values answer.
            var configuration = new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?>
                {
                    [StorageConnections.DataDirectoryName] = dataDirectory.FullName,
                    [TelemetryServiceCollectionExtensions.ExporterSetting] = "Auto",
                })
                .Add(recorder)
                .Build();
            using var services = new ServiceCollection()
                .AddLogging()
                .AddSegmentFunctions(configuration)
                .AddLocalDurableTask(configuration)
                .AddSegmentTelemetry(configuration)
                .Configure<ApiKeyOptions>(configuration.GetSection(ApiKeyOptions.SectionName))
                .BuildServiceProvider();
            _ = services.GetRequiredService<IEventBatchProcessor>();
            _ = services.GetRequiredService<CustomerScoringService>();
            _ = services.GetRequiredService<IOptions<ApiKeyOptions>>().Value;
            _ = services.GetRequiredService<IOptions<StorageOptions>>().Value;
            _ = services.GetRequiredService<IOptions<EventHubTriggerOptions>>().Value;
            _ = services.GetRequiredService<IOptions<LocalDurableTaskOptions>>().Value;
        }
        finally
        {
            dataDirectory.Delete(recursive: true);
        }

        var read = recorder.Keys.Keys
            .Select(key => key.Replace(":", "__", StringComparison.Ordinal))
            .Where(key => !OptionSections.Contains(key))
            .Where(key => ApplicationPrefixes.Any(prefix => key.Equals(prefix, StringComparison.OrdinalIgnoreCase) || key.StartsWith(prefix + "__", StringComparison.OrdinalIgnoreCase)))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

        string[] expected = ["CosmosDb", "CosmosDb__accountEndpoint", "AzureWebJobsStorage", "SEGMENT_DATA_DIR", "APPLICATIONINSIGHTS_CONNECTION_STRING"];
        Assert.True(expected.All(read.Contains), $"Expected reads of {string.Join(", ", expected)}; recorded {string.Join(", ", read.Order())}.");
        var documented = DocumentedSettingNames();
        var undocumented = read.Where(key => !documented.Contains(key)).Order().ToList();
        Assert.True(undocumented.Count == 0, $"The code reads settings that infra/settings.json does not document: {string.Join(", ", undocumented)}");
    }

    [Fact]
    public void Every_option_property_is_a_documented_setting_and_every_documented_option_is_a_property()
    {
        var documented = DocumentedSettingNames();
        (string Section, Type Options)[] sections =
        [
            (StorageOptions.SectionName, typeof(StorageOptions)),
            (IngestionOptions.SectionName, typeof(IngestionOptions)),
            (ServingOptions.SectionName, typeof(ServingOptions)),
            (ApiKeyOptions.SectionName, typeof(ApiKeyOptions)),
            (LocalDurableTaskOptions.SectionName, typeof(LocalDurableTaskOptions)),
        ];

        foreach (var (section, options) in sections)
        {
            var properties = options.GetProperties().Where(p => p.CanWrite).Select(p => $"{section}__{p.Name}").ToHashSet(StringComparer.OrdinalIgnoreCase);
            var documentedInSection = documented.Where(d => d.StartsWith(section + "__", StringComparison.OrdinalIgnoreCase)).ToHashSet(StringComparer.OrdinalIgnoreCase);

            Assert.True(properties.SetEquals(documentedInSection),
                $"{options.Name} binds [{string.Join(", ", properties.Order())}] but infra/settings.json documents [{string.Join(", ", documentedInSection.Order())}].");
        }
    }

    /// <summary>The "Retraining" section is the run's own (RetrainingOptions); MinInterval is the setting the timer applies.</summary>
    [Fact]
    public void The_min_interval_the_timer_applies_is_a_documented_setting()
    {
        Assert.Contains($"{RetrainingOptions.SectionName}__{nameof(RetrainingOptions.MinInterval)}", DocumentedSettingNames());
    }

    private static HashSet<string> DocumentedSettingNames()
    {
        var catalog = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "infra", "settings.json")))!;
        return catalog["settings"]!.AsArray().Select(s => (string)s!["name"]!).ToHashSet(StringComparer.OrdinalIgnoreCase);
    }
}
