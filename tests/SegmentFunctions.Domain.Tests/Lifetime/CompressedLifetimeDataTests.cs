using SegmentFunctions.Domain.Models.Lifetime;

namespace SegmentFunctions.Domain.Tests.Lifetime;

/// <summary>
/// BG/NBD and Gamma-Gamma on distinct histories with counts against the same customers one by one: identical customers
/// have identical likelihoods, so the two must agree to rounding, in value, gradient and fitted parameters.
/// </summary>
public sealed class CompressedLifetimeDataTests
{
    private static readonly double[][] BgNbdPoints =
    [
        [Math.Log(0.2426), Math.Log(4.4135), Math.Log(0.7929), Math.Log(2.4258)],
        [Math.Log(0.5), Math.Log(3.0), Math.Log(1.5), Math.Log(0.8)],
        [Math.Log(2.0), Math.Log(40.0), Math.Log(0.1), Math.Log(9.0)],
    ];

    private static readonly double[][] GammaGammaPoints =
    [
        [Math.Log(6.25), Math.Log(3.74), Math.Log(15.44)],
        [Math.Log(2.0), Math.Log(1.5), Math.Log(30.0)],
    ];

    private static IReadOnlyList<CustomerRfm> Customers => CdnowData.Summary.Customers;

    private static IReadOnlyList<CustomerRfm> RepeatBuyers =>
        [.. Customers.Where(c => c.Frequency > 0 && c.MeanRepeatSpend > 0)];

    private static BgNbdData OneByOne(IEnumerable<CustomerRfm> customers) =>
        new(customers.Select(c => new BgNbdObservation(c.Frequency, c.Recency, c.Age, 1)));

    private static GammaGammaData OneByOneSpend(IEnumerable<CustomerRfm> customers) =>
        new(customers.Select(c => new GammaGammaObservation(c.Frequency, c.MeanRepeatSpend, 1)));

    [Fact]
    public void Bg_nbd_log_likelihood_and_gradient_on_distinct_histories_equal_those_over_every_customer()
    {
        var compressed = BgNbdData.FromCustomers(Customers);
        var full = new BgNbdLikelihood(OneByOne(Customers));
        var distinct = new BgNbdLikelihood(compressed);

        Assert.True(compressed.Observations.Count < Customers.Count / 2, $"{compressed.Observations.Count} distinct of {Customers.Count}");
        Assert.Equal(Customers.Count, distinct.Customers);
        foreach (var theta in BgNbdPoints)
        {
            var expectedGradient = new double[4];
            var actualGradient = new double[4];
            AssertRelative(full.ValueAndGradient(theta, expectedGradient), distinct.ValueAndGradient(theta, actualGradient), 1e-9);
            for (var i = 0; i < 4; i++)
            {
                AssertRelative(expectedGradient[i], actualGradient[i], 1e-9);
            }
        }
    }

    [Fact]
    public void Bg_nbd_fitted_on_distinct_histories_gives_the_parameters_fitted_on_every_customer()
    {
        var full = new BgNbdTrainer().Fit(OneByOne(Customers), LifetimeTimeUnit.Week);
        var distinct = new BgNbdTrainer().Fit(BgNbdData.FromCustomers(Customers), LifetimeTimeUnit.Week);

        AssertRelative(full.R, distinct.R, 1e-9);
        AssertRelative(full.Alpha, distinct.Alpha, 1e-9);
        AssertRelative(full.A, distinct.A, 1e-9);
        AssertRelative(full.B, distinct.B, 1e-9);
        AssertRelative(full.LogLikelihood, distinct.LogLikelihood, 1e-9);
        Assert.Equal(full.Customers, distinct.Customers);
    }

    [Fact]
    public void Gamma_gamma_log_likelihood_and_fit_on_distinct_spends_equal_those_over_every_repeat_buyer()
    {
        var compressed = GammaGammaData.FromCustomers(RepeatBuyers);
        var full = new GammaGammaLikelihood(OneByOneSpend(RepeatBuyers));
        var distinct = new GammaGammaLikelihood(compressed);

        Assert.True(compressed.Observations.Count < RepeatBuyers.Count, $"{compressed.Observations.Count} distinct of {RepeatBuyers.Count}");
        foreach (var theta in GammaGammaPoints)
        {
            var expectedGradient = new double[3];
            var actualGradient = new double[3];
            AssertRelative(full.ValueAndGradient(theta, expectedGradient), distinct.ValueAndGradient(theta, actualGradient), 1e-9);
            for (var i = 0; i < 3; i++)
            {
                AssertRelative(expectedGradient[i], actualGradient[i], 1e-9);
            }
        }

        var fullFit = new GammaGammaTrainer().Fit(OneByOneSpend(RepeatBuyers));
        var distinctFit = new GammaGammaTrainer().Fit(compressed);
        AssertRelative(fullFit.P, distinctFit.P, 1e-9);
        AssertRelative(fullFit.Q, distinctFit.Q, 1e-9);
        AssertRelative(fullFit.Gamma, distinctFit.Gamma, 1e-9);
        AssertRelative(fullFit.LogLikelihood, distinctFit.LogLikelihood, 1e-9);
    }

    [Fact]
    public void Shards_compressed_apart_combine_into_the_compression_of_the_whole()
    {
        var shards = Customers.Select((c, i) => (c, i)).GroupBy(p => p.i % 3, p => p.c).ToArray();

        var combined = BgNbdData.Combine(shards.Select(s => BgNbdData.FromCustomers(s)));
        var combinedSpend = GammaGammaData.Combine(shards.Select(s => GammaGammaData.FromCustomers(s.Where(c => c.Frequency > 0 && c.MeanRepeatSpend > 0))));

        Assert.Equal(BgNbdData.FromCustomers(Customers).Observations, combined.Observations);
        Assert.Equal(GammaGammaData.FromCustomers(RepeatBuyers).Observations, combinedSpend.Observations);
    }

    [Fact]
    public void Compressed_data_refuse_empty_counts_and_impossible_histories()
    {
        Assert.Contains("positive count", Assert.Throws<LifetimeModelException>(() => new BgNbdData([new BgNbdObservation(1, 2, 5, 0)])).Message);
        Assert.Contains("0 ≤ t_x ≤ T", Assert.Throws<LifetimeModelException>(() => new BgNbdData([new BgNbdObservation(1, 6, 5, 2)])).Message);
        Assert.Contains("positive spend", Assert.Throws<LifetimeModelException>(() => new GammaGammaData([new GammaGammaObservation(2, 0, 1)])).Message);
    }

    private static void AssertRelative(double expected, double actual, double tolerance) =>
        Assert.True(
            Math.Abs(expected - actual) <= tolerance * Math.Abs(expected),
            $"expected {expected:R}, got {actual:R} (relative {Math.Abs(expected - actual) / Math.Abs(expected):E2})");
}
