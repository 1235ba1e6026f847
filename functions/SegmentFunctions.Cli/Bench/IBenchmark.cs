namespace SegmentFunctions.Cli.Bench;

/// <summary>
/// One benchmark of `segment bench`. It measures its subject and a baseline in the same run, repeats each
/// measurement and reports medians.
/// </summary>
internal interface IBenchmark
{
    /// <summary>Short name used on the command line (`segment bench --only NAME`) and in the output.</summary>
    string Name { get; }

    Task<IReadOnlyList<BenchFigure>> RunAsync(BenchSettings settings, CancellationToken cancellationToken);
}
