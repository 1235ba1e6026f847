using System.Globalization;
using SegmentFunctions.Domain.Models;
using SegmentFunctions.Domain.Models.Segmentation;
using SegmentFunctions.Testing;

namespace SegmentFunctions.Domain.Tests.Segmentation;

/// <summary>The whole segmentation chain on the real CDNOW sample (2,357 customers), RFM + tenure at 1998-06-30.</summary>
public sealed class CdnowSegmentationTests
{
    [Fact]
    public void Real_customers_get_distinct_rule_based_segments_covering_everyone()
    {
        var original = RfmTable();
        var scaler = FeatureScaler.Fit(original);
        var standardized = scaler.Transform(original);

        var model = new VariationalGaussianMixtureTrainer(new VariationalGaussianMixtureOptions { MaxComponents = 8, Seed = 5 })
            .Fit(standardized);
        var segments = model.PredictSegments(standardized);
        var profiles = SegmentProfiler.Profile(original, segments, model.Components);
        var names = SegmentNamer.Name(profiles);

        Assert.Empty(scaler.Warnings);
        Assert.InRange(model.Components, 2, 8);
        Assert.Equal(2_357, profiles.Segments.Sum(s => s.Size));
        Assert.Equal(1.0, profiles.Segments.Sum(s => s.RevenueShare), 1e-9);
        Assert.Equal(names.Count, names.Select(n => n.Name).Distinct().Count());
        var frequency = original.IndexOf(FeatureNames.Frequency);
        var mostFrequent = Enumerable.Range(0, original.Rows).MaxBy(r => original[r, frequency]);
        var top = profiles.Segments[segments[mostFrequent]];
        Assert.True(top.Levels[frequency] >= 0.6, $"the heaviest buyer's segment has frequency level {top.Levels[frequency]}");
        Assert.DoesNotContain(names[top.Segment].Rule, new[] { "one-time", "hibernating" });
    }

    private static FeatureMatrix RfmTable()
    {
        var end = new DateOnly(1998, 6, 30);
        var customers = File.ReadLines(RepositoryPaths.Cdnow("CDNOW_sample.txt"))
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(f => (Id: f[1], Day: DateOnly.ParseExact(f[2], "yyyyMMdd", CultureInfo.InvariantCulture),
                Amount: double.Parse(f[4], CultureInfo.InvariantCulture)))
            .GroupBy(t => t.Id)
            .ToArray();
        string[] columns = [FeatureNames.RecencyDays, FeatureNames.Frequency, FeatureNames.Monetary, FeatureNames.TenureDays];
        var values = new double[customers.Length * columns.Length];
        for (var c = 0; c < customers.Length; c++)
        {
            var days = customers[c].Select(t => t.Day).Distinct().ToArray();
            values[c * 4] = end.DayNumber - days.Max().DayNumber;
            values[c * 4 + 1] = days.Length;
            values[c * 4 + 2] = customers[c].Sum(t => t.Amount);
            values[c * 4 + 3] = end.DayNumber - days.Min().DayNumber;
        }

        return new FeatureMatrix(values, customers.Length, columns.Length, columns);
    }
}
