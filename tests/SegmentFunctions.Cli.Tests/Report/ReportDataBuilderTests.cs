using SegmentFunctions.Application.Training;
using SegmentFunctions.Cli.Report;
using SegmentFunctions.Domain.Features;
using SegmentFunctions.Domain.Synthetic;

namespace SegmentFunctions.Cli.Tests.Report;

public sealed class ReportDataBuilderTests
{
    private const int HorizonDays = 90;
    private static readonly ModelBundleTrainingOptions Options = new() { ChurnHorizonDays = HorizonDays, Seed = 5, MaxComponents = 6, Restarts = 1 };

    [Fact]
    public void The_report_describes_every_customer_and_the_churn_holdout_the_trainer_measured()
    {
        var shop = new SyntheticShopOptions { Customers = 1_200, Months = 12, Seed = 3, HoldoutDays = HorizonDays };
        var (atCutoff, atEnd) = Snapshots(shop);
        var trained = new ModelBundleTrainer(Options).Train(new ModelBundleTrainingInput(atEnd, shop.End, atCutoff));
        var bundle = trained.Bundle;

        var data = new ReportDataBuilder(Options).Build("t", shop.End, bundle, atEnd, atCutoff, CancellationToken.None);

        Assert.Equal(atEnd.Count, data.Segments.Profiles.Customers);
        Assert.Equal(atEnd.Count, data.Segments.NonEmpty.Sum(s => s.Size));
        Assert.Equal(atEnd.Count, data.Customers.Count);
        Assert.All(data.Segments.NonEmpty, s => Assert.Equal(bundle.Segments.Single(d => d.Id == s.Segment).Name, data.Segments.NameOf(s.Segment)));
        Assert.Equal(bundle.Mixture.Components, data.ModelSelection!.ChosenComponents);
        Assert.Contains(data.ModelSelection.Rows, r => r.MaxComponents == bundle.Mixture.Components);

        Assert.True(trained.Report.Churn is not null, string.Join(" ", trained.Report.Warnings));
        var reported = trained.Report.Churn;
        var churn = data.Churn!;
        Assert.Equal(reported.Model.RocAuc, churn.Quality.Model.RocAuc, 9);
        Assert.Equal(reported.Baseline.RocAuc, churn.Quality.Baseline.RocAuc, 9);
        Assert.Equal(churn.Churned.Count, churn.BaselineScores!.Count);
        Assert.Equal(bundle.Churn!.Importance, data.Drivers);
    }

    [Fact]
    public void Documents_newer_than_the_model_are_a_report_data_error()
    {
        var shop = new SyntheticShopOptions { Customers = 300, Months = 8, Seed = 4, HoldoutDays = HorizonDays };
        var (atCutoff, atEnd) = Snapshots(shop);
        var bundle = new ModelBundleTrainer(Options).Train(new ModelBundleTrainingInput(atCutoff, shop.HoldoutStart, null)).Bundle;

        var error = Assert.Throws<ReportDataException>(
            () => new ReportDataBuilder(Options).Build("t", shop.End, bundle, atEnd, null, CancellationToken.None));

        Assert.Contains("not a snapshot", error.Message, StringComparison.Ordinal);
    }

    private static (List<CustomerFeatures> AtCutoff, List<CustomerFeatures> AtEnd) Snapshots(SyntheticShopOptions options)
    {
        var atCutoff = new List<CustomerFeatures>();
        var atEnd = new List<CustomerFeatures>();
        foreach (var customer in new SyntheticShopGenerator(options).Customers())
        {
            var before = customer.Events.Where(e => e.Timestamp < options.HoldoutStart).ToList();
            if (before.Count > 0)
            {
                atCutoff.Add(CustomerFeaturesFolder.Fold(customer.Truth.CustomerId, before));
            }

            if (customer.Events.Count > 0)
            {
                atEnd.Add(CustomerFeaturesFolder.Fold(customer.Truth.CustomerId, customer.Events));
            }
        }

        return (atCutoff, atEnd);
    }
}
