using Microsoft.Azure.Functions.Worker.Extensions.Abstractions;

namespace Microsoft.Azure.Functions.Worker;

/// <summary>
/// The Event Hubs trigger as Microsoft.Azure.Functions.Worker.Extensions.EventHubs declares it: same class name (the
/// SDK derives the binding type <c>eventHubTrigger</c> from it), namespace and properties, so functions.metadata gets
/// the same binding. Unlike the 5.1.0 package's attribute it declares the function-level retry capability, without
/// which the SDK refuses the function's retry policy. The host extension the binding needs is named by
/// <c>EventHubsHostExtension.cs</c> in the deployable build (<c>-p:EventHubsExtension=true</c>).
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
