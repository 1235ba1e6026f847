using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SegmentFunctions.Domain.Models.Churn;

namespace SegmentFunctions.Domain.Tests.Churn;

public sealed class RiskBandsTests
{
    [Property]
    public Property Bands_are_monotone_in_probability()
    {
        var probability = Gen.Choose(0, 1_000_000).Select(i => i / 1_000_000.0);
        return Prop.ForAll(Arb.From(probability), Arb.From(probability), (a, b) =>
            a > b || RiskBands.FromProbability(a) <= RiskBands.FromProbability(b));
    }

    [Theory]
    [InlineData(0.0, RiskBand.Low)]
    [InlineData(0.2999, RiskBand.Low)]
    [InlineData(0.30, RiskBand.Medium)]
    [InlineData(0.5999, RiskBand.Medium)]
    [InlineData(0.60, RiskBand.High)]
    [InlineData(1.0, RiskBand.High)]
    public void Cut_offs_are_as_documented(double probability, RiskBand expected) =>
        Assert.Equal(expected, RiskBands.FromProbability(probability));

    [Theory]
    [InlineData(-0.01)]
    [InlineData(1.01)]
    [InlineData(double.NaN)]
    public void Non_probabilities_are_rejected(double value) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => RiskBands.FromProbability(value));
}
