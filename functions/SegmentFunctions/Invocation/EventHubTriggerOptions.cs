namespace SegmentFunctions.Invocation;

/// <summary>Settings of the Event Hubs trigger that the handler needs too (bound from the app settings).</summary>
public sealed class EventHubTriggerOptions
{
    /// <summary>
    /// The event hub of function.json's <c>%EventHubName%</c>; names the source of a batch whose invocation lacks a
    /// <c>PartitionContext</c>.
    /// </summary>
    public string EventHubName { get; set; } = "customer-events";

    /// <summary>The function.json name of the eventHubTrigger binding, the key of the events in <c>Data</c>.</summary>
    public string BindingName { get; set; } = "events";
}
