using MathNet.Numerics.Distributions;
using SegmentFunctions.Domain.Models.Lifetime;

namespace SegmentFunctions.Domain.Tests.Uncertainty;

/// <summary>
/// Customers drawn from BG/NBD and Gamma-Gamma with known parameters (Fader, Hardie &amp; Lee 2005): per customer
/// λ ~ Gamma(r, α), p ~ Beta(a, b), ν ~ Gamma(q, γ); repeat purchases at Poisson rate λ over (0, T] after a first
/// purchase at 0, a dropout with probability p after each of them, each worth Gamma(p_spend, ν). T is uniform over the
/// given ages (weeks).
/// </summary>
internal sealed class LifetimeSimulation(BgNbdModel purchases, GammaGammaModel spend, double minAge, double maxAge)
{
    public IReadOnlyList<CustomerRfm> Customers(int count, Random random)
    {
        var customers = new List<CustomerRfm>(count);
        for (var i = 0; i < count; i++)
        {
            var age = minAge + (random.NextDouble() * (maxAge - minAge));
            var lambda = Gamma.Sample(random, purchases.R, purchases.Alpha);
            var dropout = Beta.Sample(random, purchases.A, purchases.B);
            var nu = Gamma.Sample(random, spend.Q, spend.Gamma);
            int x = 0;
            double t = 0, tx = 0, total = 0;
            while (true)
            {
                t += Exponential.Sample(random, lambda);
                if (t > age)
                {
                    break;
                }

                x++;
                tx = t;
                total += Gamma.Sample(random, spend.P, nu);
                if (random.NextDouble() < dropout)
                {
                    break;
                }
            }

            customers.Add(new CustomerRfm($"c{i}", x, tx, age, x > 0 ? total / x : 0, 0, 0));
        }

        return customers;
    }
}
