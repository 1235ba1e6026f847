namespace SegmentFunctions.Cli.Demo;

/// <summary>
/// The order in which the demo's producer sends the synthetic shop's history. The feature fold does not depend on
/// event order (property-tested), so both give the same documents and models; they differ in cost.
/// </summary>
internal enum DemoEventOrder
{
    /// <summary>
    /// A backfill, as a shop loads its history from its database: customer after customer, each customer's events in
    /// time order. A batch then holds few customers, so it costs few document reads and writes.
    /// </summary>
    Customer,

    /// <summary>
    /// Live traffic: every customer's events interleaved in global time order, so nearly every event of a batch
    /// touches another customer's document (what `segment bench --only embedded-store` measures).
    /// </summary>
    Time,
}
