namespace SegmentFunctions.Domain.Tests.Lifetime;

/// <summary>Compares an analytic gradient with central differences of the value, one parameter at a time.</summary>
internal static class GradientCheck
{
    private const double Step = 1e-6;

    public static void AssertMatchesCentralDifferences(Func<double[], double> value, double[] theta, double[] gradient)
    {
        for (var i = 0; i < theta.Length; i++)
        {
            var up = (double[])theta.Clone();
            var down = (double[])theta.Clone();
            up[i] += Step;
            down[i] -= Step;
            var numeric = (value(up) - value(down)) / (2 * Step);
            Assert.Equal(numeric, gradient[i], Math.Max(1e-3, 1e-6 * Math.Abs(numeric)));
        }
    }
}
