namespace SegmentFunctions.Ingestion;

/// <summary>Settings of the Event Hubs trigger that the function needs too (bound from the app settings).</summary>
public sealed class EventHubTriggerOptions
{
    /// <summary>
    /// The event hub of the trigger's <c>%EventHubName%</c>; names the source of a batch whose binding data lacks a
    /// <c>PartitionContext</c>.
    /// </summary>
    public string EventHubName { get; set; } = "customer-events";
}
