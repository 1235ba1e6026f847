namespace SegmentFunctions.Cli.Bench;

/// <summary>
/// How hard to benchmark: `Quick` shrinks data sizes so a smoke run finishes in seconds; `Large` runs the benchmarks
/// that have one at their large size (the full retrain at 1M customers instead of 100k). `Customers` and `Shards` set
/// the size and the snapshot shards of the scale benchmark; `Fresh` makes it generate its cached snapshots again.
/// </summary>
internal sealed record BenchSettings(
    bool Quick, int Repetitions, int Seed, bool Large = false, int? Customers = null, int? Shards = null, bool Fresh = false);
