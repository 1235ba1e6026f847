namespace SegmentFunctions.Domain.Synthetic;

/// <summary>
/// One customer's stable behaviour traits, drawn around its segment's values. Rates are Gamma with the segment's value
/// as mean and coefficient of variation <see cref="SyntheticSegment.TraitVariation"/>; probabilities are Beta with the
/// segment's value as mean and the concentration that gives the same coefficient of variation
/// (var = m(1 - m) / (c + 1), so c = (1 - m) / (cv² m) - 1), so customers of one segment differ from each other but
/// less than segments differ.
/// </summary>
internal sealed record SyntheticCustomerTraits(
    double BrowseSessionsPerDay,
    double PageViewsPerSession,
    double ProductViewsPerSession,
    double CartAbandonProbability,
    double EmailOpenRate,
    double EmailClickRate)
{
    private const double MinConcentration = 2;

    public static SyntheticCustomerTraits Draw(SyntheticSegment segment, SyntheticRandom rng)
    {
        var cv = segment.TraitVariation;
        return new SyntheticCustomerTraits(
            Rate(segment.BrowseSessionsPerDay, cv, rng),
            // Page views per session count the session's first page, so the spread applies to the pages after it.
            1 + Rate(Math.Max(0, segment.PageViewsPerSession - 1), cv, rng),
            Rate(segment.ProductViewsPerSession, cv, rng),
            Probability(segment.CartAbandonProbability, cv, rng),
            Probability(segment.EmailOpenRate, cv, rng),
            Probability(segment.EmailClickRate, cv, rng));
    }

    private static double Rate(double mean, double cv, SyntheticRandom rng)
    {
        if (mean <= 0 || cv <= 0)
        {
            return mean;
        }

        var shape = 1 / (cv * cv);
        return rng.Gamma(shape, mean / shape);
    }

    private static double Probability(double mean, double cv, SyntheticRandom rng)
    {
        if (mean is <= 0 or >= 1 || cv <= 0)
        {
            return mean;
        }

        var concentration = Math.Max(MinConcentration, (1 - mean) / (cv * cv * mean) - 1);
        return rng.Beta(concentration * mean, concentration * (1 - mean));
    }
}
