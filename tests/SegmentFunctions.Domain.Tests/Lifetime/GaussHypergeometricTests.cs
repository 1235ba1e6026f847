using SegmentFunctions.Domain.Models.Lifetime;

namespace SegmentFunctions.Domain.Tests.Lifetime;

public sealed class GaussHypergeometricTests
{
    [Theory]
    [InlineData(0.1)]
    [InlineData(0.5)]
    [InlineData(0.89)]
    [InlineData(0.95)]
    [InlineData(0.999)]
    public void Two_f_one_of_1_1_2_is_minus_log_of_one_minus_z_over_z(double z)
    {
        AssertClose(-Math.Log(1 - z) / z, GaussHypergeometric.Evaluate(1, 1, 2, z));
    }

    [Theory]
    [InlineData(-0.3)]
    [InlineData(-0.9)]
    [InlineData(-5.0)]
    public void Negative_z_goes_through_Pfaff_and_gives_log_of_one_plus_z_over_z(double z)
    {
        AssertClose(Math.Log(1 - z) / -z, GaussHypergeometric.Evaluate(1, 1, 2, z));
    }

    [Theory]
    [InlineData(0.3, 0.4)]
    [InlineData(0.3, 0.95)]
    [InlineData(2.7, 0.99)]
    [InlineData(0.24, 0.9999)]
    public void Two_f_one_with_c_equal_to_b_is_a_power_of_one_minus_z(double a, double z)
    {
        AssertClose(Math.Pow(1 - z, -a), GaussHypergeometric.Evaluate(a, 1.7, 1.7, z));
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(0.97)]
    [InlineData(0.99999)]
    public void Two_f_one_of_half_half_three_halves_at_z_squared_is_arcsine_over_z(double z)
    {
        AssertClose(Math.Asin(z) / z, GaussHypergeometric.Evaluate(0.5, 0.5, 1.5, z * z));
    }

    [Theory]
    [InlineData(1.2426, 3.4258, 3.2187, 0.92)]
    [InlineData(0.2426, 2.4258, 2.2187, 0.95)]
    [InlineData(5.2426, 7.4258, 11.2187, 0.93)]
    public void Series_and_the_one_minus_z_transformation_agree_where_both_apply(double a, double b, double c, double z)
    {
        AssertClose(GaussHypergeometric.Series(a, b, c, z), GaussHypergeometric.Evaluate(a, b, c, z), 1e-11);
    }

    [Fact]
    public void A_terminating_series_is_a_polynomial()
    {
        // 2F1(−2, b; c; z) = 1 − 2bz/c + b(b+1)z²/(c(c+1)).
        const double b = 1.5, c = 2.5, z = 0.7;
        AssertClose(1 - (2 * b * z / c) + (b * (b + 1) * z * z / (c * (c + 1))), GaussHypergeometric.Evaluate(-2, b, c, z));
    }

    [Theory]
    [InlineData(0.7929 + 2.4258 - 1 - 0.2426, 0.7929 - 1, 0.7929 + 2.4258 - 1)]
    [InlineData(0.7929 + 2.4258 - 1 - 0.2426, 0.7929 - 1, 0.7929 + 2.4258 + 40 - 1)]
    [InlineData(2.5, 1.5, 5.0)]
    [InlineData(1.0, 1.0, 2.0)]
    [InlineData(-2.0, 1.5, 2.5)]
    public void Many_arguments_at_once_give_the_single_evaluations_bit_for_bit(double a, double b, double c)
    {
        // Every path of Evaluate: the series (z ≤ 0.9, and beyond when c − a − b is an integer), the 1 − z
        // transformation, z = 0, Pfaff for z < 0; lane counts that are not a multiple of the vector width.
        double[] z = [0.05, 0.3, 0.5, 0.6, 0.75, 0.85, 0.9, 0.905, 0.93, 0.97, 0.0, -0.4, 0.123456789, 0.88, 0.999];
        for (var count = 1; count <= z.Length; count++)
        {
            var many = new double[count];
            GaussHypergeometric.EvaluateMany(a, b, c, z.AsSpan(0, count), many);
            for (var i = 0; i < count; i++)
            {
                Assert.Equal(GaussHypergeometric.Evaluate(a, b, c, z[i]), many[i]);
            }
        }
    }

    [Fact]
    public void Many_arguments_refuse_what_one_refuses()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => GaussHypergeometric.EvaluateMany(1, 1, 2, [0.5, 1.0], new double[2]));
        Assert.Throws<ArgumentOutOfRangeException>(() => GaussHypergeometric.EvaluateMany(1, 1, -2, [0.5], new double[1]));
        Assert.Throws<ArgumentException>(() => GaussHypergeometric.EvaluateMany(double.NaN, 1, 2, [0.5], new double[1]));
        Assert.Throws<ArgumentException>(() => GaussHypergeometric.EvaluateMany(1, 1, 2, [0.5, 0.6], new double[1]));
    }

    [Fact]
    public void Arguments_outside_the_domain_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => GaussHypergeometric.Evaluate(1, 1, 2, 1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => GaussHypergeometric.Evaluate(1, 1, -2, 0.5));
        Assert.Throws<ArgumentException>(() => GaussHypergeometric.Evaluate(double.NaN, 1, 2, 0.5));
    }

    private static void AssertClose(double expected, double actual, double relative = 1e-12) =>
        Assert.True(
            Math.Abs(actual - expected) <= relative * Math.Abs(expected),
            $"expected {expected:R}, got {actual:R} (relative error {Math.Abs(actual - expected) / Math.Abs(expected):G3})");
}
