namespace SegmentFunctions.Cli.Bench;

/// <summary>How hard to benchmark: `Quick` shrinks data sizes so a smoke run finishes in seconds.</summary>
internal sealed record BenchSettings(bool Quick, int Repetitions, int Seed);
