using Azure.Core;
using Azure.Identity;
using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Producer;
using Microsoft.Extensions.Configuration;

namespace SegmentFunctions.Storage.EventHubs;

/// <summary>
/// The Event Hub of the customer events, found with the function app's setting names: <c>EventHubConnection</c> (a
/// connection string) or <c>EventHubConnection__fullyQualifiedNamespace</c> (with <c>DefaultAzureCredential</c>, or the
/// user-assigned identity <c>EventHubConnection__clientId</c>), the hub <c>EventHubName</c> (or the connection string's
/// <c>EntityPath</c>) and the consumer group <c>EventHubConsumerGroup</c> (default <c>$Default</c>).
/// </summary>
public sealed record EventHubSettings(string? ConnectionString, string? FullyQualifiedNamespace, string? ClientId, string EventHubName, string ConsumerGroup)
{
    public const string ConnectionName = "EventHubConnection";
    public const string EventHubNameSetting = "EventHubName";
    public const string ConsumerGroupSetting = "EventHubConsumerGroup";

    /// <summary>The connection in <paramref name="configuration"/>, with <paramref name="eventHubName"/> taking precedence over the setting.</summary>
    /// <exception cref="InvalidOperationException">No connection, or no hub name, is configured.</exception>
    public static EventHubSettings From(IConfiguration configuration, string? eventHubName = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var connectionString = NonEmpty(configuration[ConnectionName]) ?? NonEmpty(configuration.GetConnectionString(ConnectionName));
        var fullyQualifiedNamespace = NonEmpty(configuration[$"{ConnectionName}:fullyQualifiedNamespace"]);
        if (connectionString is null && fullyQualifiedNamespace is null)
        {
            throw new InvalidOperationException(
                $"No Event Hubs connection is configured: set {ConnectionName} (a connection string) or {ConnectionName}__fullyQualifiedNamespace (identity-based).");
        }

        var entityPath = EntityPathOf(connectionString);
        var name = NonEmpty(eventHubName) ?? NonEmpty(configuration[EventHubNameSetting]) ?? entityPath;
        if (name is null)
        {
            throw new InvalidOperationException($"No event hub is named: set {EventHubNameSetting}, give --event-hub, or put EntityPath in {ConnectionName}.");
        }

        if (entityPath is not null && !string.Equals(entityPath, name, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"{ConnectionName} names the event hub '{entityPath}' (EntityPath), but '{name}' is asked for; name one hub.");
        }

        return new EventHubSettings(
            // The clients take the hub's name as an argument; a connection string that names it too is refused by some of them.
            entityPath is null ? connectionString : WithoutEntityPath(connectionString!),
            fullyQualifiedNamespace,
            NonEmpty(configuration[$"{ConnectionName}:clientId"]),
            name,
            NonEmpty(configuration[ConsumerGroupSetting]) ?? "$Default");
    }

    public EventHubProducerClient CreateProducer(EventHubsRetryOptions retry) =>
        ConnectionString is not null
            ? new EventHubProducerClient(ConnectionString, EventHubName, new EventHubProducerClientOptions { RetryOptions = retry })
            : new EventHubProducerClient(FullyQualifiedNamespace, EventHubName, Credential(), new EventHubProducerClientOptions { RetryOptions = retry });

    /// <summary>The credential of an identity-based connection: the configured user-assigned identity, else the default chain.</summary>
    public TokenCredential Credential() =>
        new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = ClientId });

    private static string? EntityPathOf(string? connectionString)
    {
        if (connectionString is null)
        {
            return null;
        }

        try
        {
            return NonEmpty(EventHubsConnectionStringProperties.Parse(connectionString).EventHubName);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static string WithoutEntityPath(string connectionString) =>
        string.Join(';', connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Where(part => !part.TrimStart().StartsWith("EntityPath=", StringComparison.OrdinalIgnoreCase)));

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
