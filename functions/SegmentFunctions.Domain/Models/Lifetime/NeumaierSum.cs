namespace SegmentFunctions.Domain.Models.Lifetime;

/// <summary>
/// Compensated summation (Neumaier 1974, "Rundungsfehleranalyse einiger Verfahren zur Summation endlicher Summen",
/// ZAMM 54): the rounding error of each addition is carried in a second term, so the sum of n terms is accurate to a
/// few ulps instead of growing with n.
/// </summary>
internal struct NeumaierSum(double start)
{
    private double _sum = start;
    private double _compensation;

    public readonly double Value => _sum + _compensation;

    public void Add(double term)
    {
        var next = _sum + term;
        _compensation += Math.Abs(_sum) >= Math.Abs(term) ? (_sum - next) + term : (term - next) + _sum;
        _sum = next;
    }
}
