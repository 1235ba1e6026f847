using SegmentFunctions.Domain.Models.Lifetime;
using SegmentFunctions.Domain.Models.Uncertainty;

namespace SegmentFunctions.Domain.Tests.Uncertainty;

/// <summary>
/// The per-score steps of <see cref="LifetimeIntervals"/> against their straightforward forms: the bounds against
/// sorting, the draws' mean spends against <see cref="GammaGammaModel"/> one draw at a time. Bit for bit.
/// </summary>
public sealed class IntervalArithmeticTests
{
    [Theory]
    [InlineData(59, 6, 1)]
    [InlineData(59, 6, 2)]
    [InlineData(9, 1, 3)]
    [InlineData(99, 10, 4)]
    [InlineData(999, 100, 5)]
    public void Bounds_from_both_ends_are_the_sorted_values_at_the_ranks(int count, int rank, int seed)
    {
        var random = new Random(seed);
        for (var trial = 0; trial < 200; trial++)
        {
            // Ties, infinities and already ordered draws happen among real draws (a q ≤ 1 spend draw, equal P(alive) = 1).
            var values = Enumerable.Range(0, count).Select(_ => random.Next(4) switch
            {
                0 => Math.Round(random.NextDouble() * 4),
                1 => random.Next(20) == 0 ? double.PositiveInfinity : random.NextDouble(),
                _ => random.NextDouble() * 100,
            }).ToArray();
            if (trial % 10 == 0)
            {
                Array.Sort(values);
            }

            var sorted = values.Order().ToArray();
            var (low, high) = OrderStatistics.FromBothEnds(values, rank);

            Assert.Equal(sorted[rank - 1], low);
            Assert.Equal(sorted[count - rank], high);
        }
    }

    [Fact]
    public void Ranks_outside_the_values_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => OrderStatistics.FromBothEnds([1.0, 2.0], 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => OrderStatistics.FromBothEnds([1.0, 2.0], 3));
    }

    [Theory]
    [InlineData(0, 0.0)]
    [InlineData(1, 35.5)]
    [InlineData(7, 12.25)]
    [InlineData(400, 3.1)]
    public void Draws_mean_spends_are_those_of_their_gamma_gamma_models(int x, double zbar)
    {
        var random = new Random(x + 1);
        const int sets = 59;
        var p = Enumerable.Range(0, sets).Select(_ => 2 + (8 * random.NextDouble())).ToArray();
        var q = Enumerable.Range(0, sets).Select(m => m % 13 == 0 ? 0.5 + (0.5 * random.NextDouble()) : 1 + (5 * random.NextDouble())).ToArray();
        var gamma = Enumerable.Range(0, sets).Select(_ => 5 + (20 * random.NextDouble())).ToArray();
        var discounted = Enumerable.Range(0, sets).Select(_ => random.NextDouble() * 3).ToArray();
        var expected = new double[sets];
        for (var m = 0; m < sets; m++)
        {
            var model = new GammaGammaModel(p[m], q[m], gamma[m], 0, 0);
            expected[m] = discounted[m] * (model.HasFiniteMeanSpend ? model.ConditionalExpectedAverageSpend(x, zbar) : double.PositiveInfinity);
        }

        LifetimeIntervals.MultiplyBySpend(p, q, gamma, x, zbar, discounted);

        Assert.Equal(expected, discounted);
    }
}
