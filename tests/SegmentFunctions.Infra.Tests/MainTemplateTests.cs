using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace SegmentFunctions.Infra.Tests;

/// <summary>
/// The compiled main template deploys what the app needs, the way the team decided: Flex Consumption with the
/// dotnet-isolated runtime, identity-based connections only (no keys anywhere), the containers the adapters use, and the
/// data-plane roles the identity needs.
/// </summary>
public sealed partial class MainTemplateTests(CompiledMainTemplate main) : IClassFixture<CompiledMainTemplate>
{
    [Theory]
    [InlineData("listKeys(")]
    [InlineData("listConnectionStrings(")]
    [InlineData("AccountKey=")]
    [InlineData("SharedAccessKey")]
    [InlineData("primaryKey")]
    [InlineData("primaryMasterKey")]
    public void Template_reads_no_key(string keyMarker)
    {
        Assert.DoesNotContain(keyMarker, main.TemplateText, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Function_app_runs_the_dotnet_isolated_worker_on_a_linux_flex_consumption_plan()
    {
        var (plan, _) = main.Single("Microsoft.Web/serverfarms");
        Assert.Equal("FC1", (string?)plan["sku"]?["name"]);
        Assert.Equal("FlexConsumption", (string?)plan["sku"]?["tier"]);
        Assert.True((bool?)plan["properties"]?["reserved"], "A Linux plan has reserved: true.");

        var (site, _) = main.Single("Microsoft.Web/sites");
        Assert.Equal("functionapp,linux", (string?)site["kind"]);
        Assert.Equal("UserAssigned", (string?)site["identity"]?["type"]);
        var config = site["properties"]!["functionAppConfig"]!;
        Assert.Equal("dotnet-isolated", (string?)config["runtime"]?["name"]);
        Assert.Contains("dotnetRuntimeVersion", main.ParameterNames);
        Assert.Equal("blobContainer", (string?)config["deployment"]?["storage"]?["type"]);
        Assert.Equal("UserAssignedIdentity", (string?)config["deployment"]?["storage"]?["authentication"]?["type"]);
        Assert.NotNull(config["scaleAndConcurrency"]?["maximumInstanceCount"]);
    }

    [Fact]
    public void Every_documented_azure_setting_is_deployed_with_its_documented_value()
    {
        var appSettings = main.AppSettings();
        var (site, siteScope) = main.Single("Microsoft.Web/sites");

        foreach (var setting in SettingsCatalog.All.Where(s => s.Azure is not null))
        {
            JsonNode? deployed;
            if (setting.AzureAs is null)
            {
                Assert.True(appSettings.TryGetValue(setting.Name, out deployed), $"main.bicep does not set app setting {setting.Name}.");
            }
            else
            {
                Assert.Equal("functionAppConfig.runtime.name", setting.AzureAs);
                deployed = siteScope.Resolve(site["properties"]!["functionAppConfig"]!["runtime"]!["name"]);
            }

            if (setting.HasLiteralAzureValue)
            {
                Assert.True(
                    deployed is JsonValue v && v.ToString() == setting.Azure,
                    $"{setting.Name} deploys as {deployed?.ToJsonString()}, infra/settings.json documents '{setting.Azure}'.");
            }
        }
    }

    [Fact]
    public void Every_deployed_app_setting_is_documented_for_azure()
    {
        var undocumented = main.AppSettings().Keys
            .Where(name => SettingsCatalog.Find(name) is not { IsAppSettingInAzure: true })
            .ToList();

        Assert.True(undocumented.Count == 0, $"App settings missing from infra/settings.json (or documented as not set in Azure): {string.Join(", ", undocumented)}");
    }

    [Fact]
    public void Flex_consumption_app_settings_leave_out_what_the_plan_rejects()
    {
        // On Flex Consumption these are site properties (functionAppConfig) or unsupported; as app settings they fail the deployment.
        var appSettings = main.AppSettings();
        foreach (var name in new[] { "FUNCTIONS_WORKER_RUNTIME", "FUNCTIONS_EXTENSION_VERSION", "WEBSITE_RUN_FROM_PACKAGE", "AzureWebJobsStorage" })
        {
            Assert.False(appSettings.ContainsKey(name), $"{name} must not be an app setting on Flex Consumption with identity-based storage.");
        }
    }

    [Fact]
    public void Storage_account_refuses_shared_keys_and_old_tls_and_holds_the_app_containers()
    {
        var (account, _) = main.Single("Microsoft.Storage/storageAccounts");
        Assert.False((bool?)account["properties"]?["allowSharedKeyAccess"]);
        Assert.False((bool?)account["properties"]?["allowBlobPublicAccess"]);
        Assert.Equal("TLS1_2", (string?)account["properties"]?["minimumTlsVersion"]);

        var variables = main.Single("Microsoft.Storage/storageAccounts").Scope.Variables;
        Assert.Equal(["snapshots", "models", "runs", "scores", "deadletter"], variables["appContainers"]!.AsArray().Select(n => (string)n!));
        main.Single("Microsoft.Storage/storageAccounts/blobServices/containers");
        Assert.Empty(main.OfType("Microsoft.Storage/storageAccounts/queueServices/queues"));
    }

    [Fact]
    public void Event_hubs_namespace_disables_sas_keys_and_has_the_hub_and_consumer_group()
    {
        var (ns, _) = main.Single("Microsoft.EventHub/namespaces");
        Assert.True((bool?)ns["properties"]?["disableLocalAuth"]);

        var (hub, hubScope) = main.Single("Microsoft.EventHub/namespaces/eventhubs");
        Assert.Equal(4, hubScope.Resolve(hub["properties"]?["partitionCount"])!.GetValue<int>());
        main.Single("Microsoft.EventHub/namespaces/eventhubs/consumergroups");
    }

    [Fact]
    public void Cosmos_account_disables_keys_and_its_containers_index_only_what_is_queried()
    {
        var (account, _) = main.Single("Microsoft.DocumentDB/databaseAccounts");
        Assert.True((bool?)account["properties"]?["disableLocalAuth"]);

        var containers = main.OfType("Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers")
            .ToDictionary(c => Partition(c.Resource), c => c.Resource["properties"]!["resource"]!["indexingPolicy"]!, StringComparer.Ordinal);
        Assert.Equal(["/customerId", "/list"], containers.Keys.Order(StringComparer.Ordinal));
        foreach (var (partition, indexed) in new[] { ("/customerId", "/customerId/?"), ("/list", "/id/?") })
        {
            Assert.Equal(["/*"], containers[partition]["excludedPaths"]!.AsArray().Select(p => (string)p!["path"]!));
            Assert.All(containers[partition]["includedPaths"]!.AsArray(), p => Assert.Equal(indexed, (string)p!["path"]!));
        }

        // Cosmos DB Built-in Data Contributor is a data-plane role definition of the account, not an Azure RBAC role.
        var (roleAssignment, scope) = main.Single("Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments");
        Assert.Contains("/sqlRoleDefinitions/", (string?)roleAssignment["properties"]?["roleDefinitionId"], StringComparison.Ordinal);
        Assert.Contains("variables('dataContributorRoleId')", (string?)roleAssignment["properties"]?["roleDefinitionId"], StringComparison.Ordinal);
        Assert.Equal("00000000-0000-0000-0000-000000000002", (string?)scope.Variables["dataContributorRoleId"]);
    }

    [Theory]
    [InlineData("b7e6dc6d-f1e8-4753-8033-0f276bb0955b", "Storage Blob Data Owner")]
    [InlineData("974c5e8b-45b9-4653-ba55-5f855dd0fb88", "Storage Queue Data Contributor")]
    [InlineData("0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", "Storage Table Data Contributor")]
    [InlineData("a638d3c7-ab3a-418d-83e6-5f17a39d4fde", "Azure Event Hubs Data Receiver")]
    [InlineData("3913510d-42f4-4e42-8a64-420c390055eb", "Monitoring Metrics Publisher")]
    public void Identity_is_granted_the_data_plane_role(string roleId, string roleName)
    {
        var assigned = main.OfType("Microsoft.Authorization/roleAssignments")
            .SelectMany(r => RoleIds(r.Resource, r.Scope))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

        Assert.True(assigned.Contains(roleId), $"No role assignment grants {roleName} ({roleId}); assigned: {string.Join(", ", assigned)}.");
    }

    /// <summary>The role ids a role assignment's roleDefinitionId names through the module's variables.</summary>
    private static IEnumerable<string> RoleIds(JsonObject assignment, ArmScope scope)
    {
        var expression = (string?)assignment["properties"]?["roleDefinitionId"] ?? string.Empty;
        foreach (Match match in VariableReference().Matches(expression))
        {
            switch (scope.Variables[match.Groups["name"].Value])
            {
                case JsonArray ids:
                    foreach (var id in ids)
                    {
                        yield return (string)id!;
                    }

                    break;
                case JsonValue id:
                    yield return (string)id!;
                    break;
            }
        }
    }

    [GeneratedRegex(@"variables\('(?<name>\w+)'\)")]
    private static partial Regex VariableReference();

    private static string Partition(JsonObject container) =>
        (string)container["properties"]!["resource"]!["partitionKey"]!["paths"]!.AsArray().Single()!;
}
