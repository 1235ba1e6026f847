namespace SegmentFunctions.Cli.Report;

/// <summary>One customer in recency x frequency space.</summary>
/// <param name="RecencyDays">Days since the last purchase at the as-of date.</param>
/// <param name="Frequency">Number of orders.</param>
internal sealed record CustomerPoint(double RecencyDays, double Frequency, int Segment)
{
    /// <summary>More points than this only hide each other on a 1200 x 800 chart.</summary>
    public const int MaxPlotted = 5000;
}
