using SegmentFunctions.Domain.Models.Lifetime;

namespace SegmentFunctions.Domain.Tests.Lifetime;

public sealed class NeumaierSumTests
{
    [Fact]
    public void Keeps_a_small_term_that_plain_summation_loses_between_large_ones()
    {
        double[] terms = [1e16, 1.0, -1e16];
        var sum = new NeumaierSum(0.0);
        foreach (var term in terms)
        {
            sum.Add(term);
        }

        Assert.Equal(0.0, terms.Aggregate(0.0, (a, b) => a + b));
        Assert.Equal(1.0, sum.Value);
    }

    [Fact]
    public void A_million_tenths_sum_to_a_hundred_thousand_within_an_ulp()
    {
        var sum = new NeumaierSum(0.0);
        var plain = 0.0;
        for (var i = 0; i < 1_000_000; i++)
        {
            sum.Add(0.1);
            plain += 0.1;
        }

        Assert.True(Math.Abs(plain - 100_000.0) > 1e-7, $"plain summation is off by {plain - 100_000.0:G3}");
        Assert.Equal(100_000.0, sum.Value, 1e-10);
    }
}
