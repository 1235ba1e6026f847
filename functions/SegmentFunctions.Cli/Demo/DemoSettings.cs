namespace SegmentFunctions.Cli.Demo;

/// <summary>What `segment demo` generates (or reads, with <paramref name="Transactions"/>) and where it writes.</summary>
/// <param name="HorizonDays">H: churn is no purchase within this many days; the cut-off is T - H.</param>
/// <param name="EventOrder">How the synthetic history is sent (see <see cref="DemoEventOrder"/>).</param>
internal sealed record DemoSettings(
    int Customers,
    int Months,
    int Seed,
    DirectoryInfo Output,
    int HorizonDays = DemoSettings.DefaultHorizonDays,
    DemoTransactions? Transactions = null,
    DemoEventOrder EventOrder = DemoEventOrder.Customer)
{
    public const int DefaultHorizonDays = 90;
    public const int DefaultCustomers = 20_000;
    public const int DefaultMonths = 18;
    public const int DefaultSeed = 42;
    public const string DefaultOutput = "demo-output";

    /// <summary>Events before the churn cut-off T - H, then the events of the holdout (T - H, T], each in <see cref="EventOrder"/>.</summary>
    public string EventsBeforeCutoffPath => Path.Combine(Output.FullName, "events-1-before-cutoff.jsonl");
    public string EventsInHoldoutPath => Path.Combine(Output.FullName, "events-2-holdout.jsonl");
    public string GroundTruthPath => Path.Combine(Output.FullName, "ground-truth.csv");

    /// <summary>The demo's own embedded store, used when no store is configured.</summary>
    public string StoreDirectory => Path.Combine(Output.FullName, "store");
}
