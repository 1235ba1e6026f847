namespace SegmentFunctions.Domain.Readiness;

/// <summary>
/// A <see cref="DataReadinessTally"/> as plain values, to carry a part's counts to where the parts are added
/// (<see cref="DataReadinessTally.Add(DataReadinessCounts)"/>). Customers, repeat buyers and churners are listed per
/// window of the tally, in the order the tally's parameters (<paramref name="AsOf"/>, <paramref name="HorizonDays"/>,
/// <paramref name="CutoffDocuments"/>) give them. Counts taken with documents as of T - H hold every window of counts
/// taken without, so they add to a tally of either.
/// </summary>
public sealed record DataReadinessCounts(
    DateTimeOffset AsOf,
    int HorizonDays,
    bool CutoffDocuments,
    long Documents,
    long Missing,
    DateTimeOffset? Earliest,
    IReadOnlyList<long> Customers,
    IReadOnlyList<long> RepeatBuyers,
    IReadOnlyList<long> Churners);
