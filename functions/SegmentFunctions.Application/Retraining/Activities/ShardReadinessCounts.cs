using SegmentFunctions.Domain.Readiness;

namespace SegmentFunctions.Application.Retraining.Activities;

/// <summary>
/// What the readiness check needs of one shard of a snapshot, counted while the shard was written: the customers known
/// at T and the buyers among them; the documents newer than T in the shard's first row group holding any, and the
/// first of them (<paramref name="FirstNewerCustomerId"/>, null when none); and the readiness tally, taken with
/// documents as of T - H, whose windows include those of a tally without (the cut-off snapshot is looked for after
/// the snapshot is written). A few counts per window, whatever the number of customers.
/// </summary>
public sealed record ShardReadinessCounts(int Customers, int Buyers, int Newer, string? FirstNewerCustomerId, DataReadinessCounts Tally);
