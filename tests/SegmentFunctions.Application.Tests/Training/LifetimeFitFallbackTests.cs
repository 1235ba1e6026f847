using SegmentFunctions.Application.Training;
using SegmentFunctions.Domain.Features;
using SegmentFunctions.Domain.Synthetic;

namespace SegmentFunctions.Application.Tests.Training;

public sealed class LifetimeFitFallbackTests
{
    [Fact]
    public void A_lifetime_fit_too_flat_for_plain_maximum_likelihood_is_refitted_with_the_penalizer_and_reported()
    {
        // A shop of 150 customers over 4 months: its BG/NBD likelihood is too flat to converge without a penalty.
        var shop = new SyntheticShopGenerator(new SyntheticShopOptions { Customers = 150, Months = 4, Seed = 42 });
        var documents = shop.EventsByCustomer()
            .GroupBy(e => e.CustomerId)
            .Select(g => CustomerFeaturesFolder.Fold(g.Key, g))
            .ToList();

        var result = new ModelBundleTrainer().Train(new ModelBundleTrainingInput(documents, shop.Options.End));

        Assert.Contains(result.Report.Warnings, w => w.StartsWith("BG/NBD did not converge by plain maximum likelihood", StringComparison.Ordinal));
        Assert.True(double.IsFinite(result.Report.BgNbd.LogLikelihood));
        Assert.All([result.Report.BgNbd.R, result.Report.BgNbd.Alpha, result.Report.BgNbd.A, result.Report.BgNbd.B], p => Assert.InRange(p, 1e-6, 1e6));
    }
}
