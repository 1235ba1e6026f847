using Microsoft.Azure.Functions.Worker.Extensions.Abstractions;

namespace Microsoft.Azure.Functions.Worker;

/// <summary>
/// The Event Hubs trigger as the SDK reads it from <c>Microsoft.Azure.Functions.Worker.Extensions.EventHubs</c>: same
/// class name (the SDK derives the binding type <c>eventHubTrigger</c> from it), namespace and properties, so
/// functions.metadata gets the same binding and the function compiles unchanged against either. This one carries no
/// <c>ExtensionInformation</c>, so the SDK installs no host extension: the default build, for machines whose NuGet
/// source does not serve <c>Microsoft.Azure.WebJobs.Extensions.EventHubs</c>. The deployable build
/// (<c>-p:EventHubsExtension=true</c>) compiles against the package instead and leaves this file out.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter)]
[BindingCapabilities(KnownBindingCapabilities.FunctionLevelRetry)]
public sealed class EventHubTriggerAttribute(string eventHubName) : TriggerBindingAttribute
{
    /// <summary>The event hub, or an app setting in percent signs.</summary>
    public string EventHubName { get; } = eventHubName;

    /// <summary>The app setting (or prefix of identity-based settings) of the Event Hubs connection.</summary>
    public string? Connection { get; set; }

    /// <summary>The consumer group; the hub's <c>$Default</c> when unset.</summary>
    public string? ConsumerGroup { get; set; }

    /// <summary>A batch of events per invocation (cardinality many), or one event.</summary>
    [DefaultValue(true)]
    public bool IsBatched { get; set; } = true;
}
