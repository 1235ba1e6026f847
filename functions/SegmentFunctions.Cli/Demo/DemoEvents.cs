namespace SegmentFunctions.Cli.Demo;

/// <summary>
/// The demo's input as the producers would send it, split at the churn cut-off: events before <see cref="Cutoff"/>
/// (T - H) in one file, those of the holdout (T - H, T] in the other.
/// </summary>
/// <param name="Events">Events written to both files.</param>
/// <param name="Customers">Distinct customers among them.</param>
/// <param name="AsOf">T: the end of the event history, on the event-time clock (not the wall clock).</param>
/// <param name="SampleCustomerId">A customer with events, for the API example the summary prints.</param>
/// <param name="RowsNotPurchases">Rows of a transaction file skipped for a missing or negative amount.</param>
internal sealed record DemoEvents(long Events, int Customers, DateTimeOffset Cutoff, DateTimeOffset AsOf, string SampleCustomerId, long RowsNotPurchases = 0)
{
    public int HorizonDays => (int)Math.Round((AsOf - Cutoff).TotalDays);
}
