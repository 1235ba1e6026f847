using SegmentFunctions.Domain.Models.Lifetime;
using SegmentFunctions.Domain.Models.Uncertainty;
using SegmentFunctions.Domain.Tests.Lifetime;

namespace SegmentFunctions.Domain.Tests.Uncertainty;

/// <summary>
/// The Laplace approximation on compressed lifetime data: the observed information of n identical customers is n times
/// one's, so the covariance from distinct histories with counts is the one from every customer's record, and data
/// combined from shards gives the fits and draws of the whole.
/// </summary>
public sealed class CompressedLaplaceApproximationTests
{
    private static IReadOnlyList<CustomerRfm> Customers => CdnowData.Summary.Customers;

    private static readonly LifetimeFitOptions Fit = new() { GradientTolerance = 1e-7 };

    [Fact]
    public void The_covariance_from_distinct_histories_with_counts_equals_the_one_from_every_customer()
    {
        var model = new BgNbdTrainer(Fit).Fit(CdnowData.Summary);
        var spend = new GammaGammaTrainer(Fit).Fit(CdnowData.Summary);
        var compressed = LifetimeData.FromCustomers(Customers);
        var oneByOne = OneByOne(Customers);
        double[] bgMode = [Math.Log(model.R), Math.Log(model.Alpha), Math.Log(model.A), Math.Log(model.B)];
        double[] ggMode = [Math.Log(spend.P), Math.Log(spend.Q), Math.Log(spend.Gamma)];

        Assert.True(compressed.Purchases.Observations.Count < oneByOne.Purchases.Observations.Count / 2);
        AssertClose(
            LaplaceApproximation.Covariance(new BgNbdLikelihood(oneByOne.Purchases).ValueAndGradient, bgMode)!.ToArray(),
            LaplaceApproximation.Covariance(new BgNbdLikelihood(compressed.Purchases).ValueAndGradient, bgMode)!.ToArray(), 1e-6);
        AssertClose(
            LaplaceApproximation.Covariance(new GammaGammaLikelihood(oneByOne.Spend).ValueAndGradient, ggMode)!.ToArray(),
            LaplaceApproximation.Covariance(new GammaGammaLikelihood(compressed.Spend).ValueAndGradient, ggMode)!.ToArray(), 1e-6);

        var fromEvery = LaplaceApproximation.Draw(model, oneByOne, spend, seed: 3)!;
        var fromDistinct = LaplaceApproximation.Draw(model, compressed, spend, seed: 3)!;
        AssertClose(fromEvery.BgNbd, fromDistinct.BgNbd, 1e-6);
        AssertClose(fromEvery.GammaGamma!, fromDistinct.GammaGamma!, 1e-6);
        Assert.Equal(fromEvery.MaxAge, fromDistinct.MaxAge);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void Shards_combined_give_the_lifetime_parameters_and_draws_of_the_whole(int shards)
    {
        var parts = Customers.Select((c, i) => (c, i)).GroupBy(p => p.i % shards, p => p.c).Select(g => LifetimeData.FromCustomers([.. g])).ToArray();
        var whole = LifetimeData.FromCustomers(Customers);

        var combined = LifetimeData.Combine(parts);
        var (bgWhole, ggWhole) = (new BgNbdTrainer(Fit).Fit(whole.Purchases, LifetimeTimeUnit.Week), new GammaGammaTrainer(Fit).Fit(whole.Spend));
        var (bgShards, ggShards) = (new BgNbdTrainer(Fit).Fit(combined.Purchases, LifetimeTimeUnit.Week), new GammaGammaTrainer(Fit).Fit(combined.Spend));
        var uncompressed = new BgNbdTrainer(Fit).Fit(OneByOne(Customers).Purchases, LifetimeTimeUnit.Week);

        double[] expected = [bgWhole.R, bgWhole.Alpha, bgWhole.A, bgWhole.B, bgWhole.LogLikelihood, ggWhole.P, ggWhole.Q, ggWhole.Gamma, ggWhole.LogLikelihood];
        AssertClose(expected, [bgShards.R, bgShards.Alpha, bgShards.A, bgShards.B, bgShards.LogLikelihood, ggShards.P, ggShards.Q, ggShards.Gamma, ggShards.LogLikelihood], 1e-9);
        AssertClose([uncompressed.R, uncompressed.Alpha, uncompressed.A, uncompressed.B], [bgShards.R, bgShards.Alpha, bgShards.A, bgShards.B], 1e-9);
        var drawsWhole = LaplaceApproximation.Draw(bgWhole, whole, ggWhole, seed: 8)!;
        var drawsShards = LaplaceApproximation.Draw(bgShards, combined, ggShards, seed: 8)!;
        AssertClose(drawsWhole.BgNbd, drawsShards.BgNbd, 1e-9);
        AssertClose(drawsWhole.GammaGamma!, drawsShards.GammaGamma!, 1e-9);
    }

    private static LifetimeData OneByOne(IEnumerable<CustomerRfm> customers)
    {
        var all = customers.ToList();
        return new LifetimeData(
            new BgNbdData(all.Select(c => new BgNbdObservation(c.Frequency, c.Recency, c.Age, 1))),
            new GammaGammaData(all.Where(c => c.Frequency > 0 && c.MeanRepeatSpend > 0).Select(c => new GammaGammaObservation(c.Frequency, c.MeanRepeatSpend, 1))));
    }

    private static void AssertClose(double[] expected, double[] actual, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(
                Math.Abs(expected[i] - actual[i]) <= tolerance * Math.Abs(expected[i]),
                $"[{i}]: expected {expected[i]:R}, got {actual[i]:R}");
        }
    }

    private static void AssertClose(double[,] expected, double[,] actual, double tolerance)
    {
        var scale = expected.Cast<double>().Max(Math.Abs);
        for (var i = 0; i < expected.GetLength(0); i++)
        {
            for (var j = 0; j < expected.GetLength(1); j++)
            {
                Assert.True(Math.Abs(expected[i, j] - actual[i, j]) <= tolerance * scale, $"[{i},{j}]: expected {expected[i, j]:R}, got {actual[i, j]:R}");
            }
        }
    }
}
