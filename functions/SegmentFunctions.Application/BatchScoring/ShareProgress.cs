namespace SegmentFunctions.Application.BatchScoring;

/// <summary>Reports a step's progress, 0 to 1, as its share <c>[start, start + share]</c> of the whole.</summary>
internal sealed class ShareProgress(IProgress<double> whole, double start, double share) : IProgress<double>
{
    public void Report(double value) => whole.Report(start + share * value);
}
