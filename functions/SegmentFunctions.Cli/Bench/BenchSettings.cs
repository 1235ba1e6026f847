namespace SegmentFunctions.Cli.Bench;

/// <summary>
/// How hard to benchmark: `Quick` shrinks data sizes so a smoke run finishes in seconds; `Large` runs the benchmarks
/// that have one at their large size (the full retrain at 1M customers instead of 100k).
/// </summary>
internal sealed record BenchSettings(bool Quick, int Repetitions, int Seed, bool Large = false);
