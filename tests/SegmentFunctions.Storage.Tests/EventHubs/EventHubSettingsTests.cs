using Microsoft.Extensions.Configuration;
using SegmentFunctions.Storage.EventHubs;

namespace SegmentFunctions.Storage.Tests.EventHubs;

public sealed class EventHubSettingsTests
{
    private const string Namespace = "Endpoint=sb://shop.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=a2V5";

    [Fact]
    public void The_function_apps_settings_name_the_connection_hub_and_consumer_group()
    {
        var settings = EventHubSettings.From(Configuration(("EventHubConnection", Namespace), ("EventHubName", "customer-events"), ("EventHubConsumerGroup", "segment")));

        Assert.Equal((Namespace, null, "customer-events", "segment"), (settings.ConnectionString, settings.FullyQualifiedNamespace, settings.EventHubName, settings.ConsumerGroup));
    }

    [Fact]
    public void The_entity_path_names_the_hub_when_no_setting_does_and_is_left_out_of_the_connection_string()
    {
        var settings = EventHubSettings.From(Configuration(("EventHubConnection", Namespace + ";EntityPath=orders")));

        Assert.Equal("orders", settings.EventHubName);
        Assert.DoesNotContain("EntityPath", settings.ConnectionString, StringComparison.Ordinal);
        Assert.Equal("$Default", settings.ConsumerGroup);
    }

    [Fact]
    public void Identity_based_settings_need_no_connection_string()
    {
        var settings = EventHubSettings.From(Configuration(
            ("EventHubConnection:fullyQualifiedNamespace", "shop.servicebus.windows.net"), ("EventHubConnection:clientId", "11111111-2222-3333-4444-555555555555")),
            eventHubName: "customer-events");

        Assert.Equal((null, "shop.servicebus.windows.net", "11111111-2222-3333-4444-555555555555", "customer-events"),
            (settings.ConnectionString, settings.FullyQualifiedNamespace, settings.ClientId, settings.EventHubName));
    }

    [Theory]
    [InlineData(null, "customer-events", "No Event Hubs connection")]
    [InlineData(Namespace, null, "No event hub is named")]
    [InlineData(Namespace + ";EntityPath=orders", "customer-events", "names the event hub 'orders'")]
    public void Missing_or_conflicting_settings_are_refused_naming_the_setting(string? connection, string? hub, string message)
    {
        var error = Assert.Throws<InvalidOperationException>(() => EventHubSettings.From(Configuration(("EventHubConnection", connection), ("EventHubName", hub))));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    private static IConfiguration Configuration(params (string Key, string? Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, s.Value))).Build();
}
