namespace SegmentFunctions.Cli.Report;

/// <summary>Predicted customer lifetime values over <see cref="Horizon"/> (e.g. "12 months"), in <see cref="Currency"/>.</summary>
internal sealed record LifetimeValues(IReadOnlyList<CustomerValue> Customers, string Currency, string Horizon);
