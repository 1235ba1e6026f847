using SegmentFunctions.Domain.Features;
using SegmentFunctions.Domain.Models;
using SegmentFunctions.Domain.Models.Segmentation;
using SegmentFunctions.Domain.Synthetic;
using SegmentFunctions.Domain.Training;

namespace SegmentFunctions.Domain.Tests.Segmentation;

public sealed class SegmentNamerTests
{
    private static readonly string[] Columns =
        [FeatureNames.RecencyDays, FeatureNames.Frequency, FeatureNames.Monetary, FeatureNames.TenureDays];

    // Archetypes: (share, recency, frequency, monetary, tenure).
    private static readonly (string Group, double Share, double Recency, double Frequency, double Monetary, double Tenure)[] Groups =
    [
        ("champions", 0.25, 2, 20, 2_000, 700),
        ("hibernating", 0.35, 300, 1, 30, 400),
        ("promising-new", 0.25, 6, 1, 50, 10),
        ("at-risk-high-value", 0.15, 400, 8, 1_500, 800),
    ];

    [Fact]
    public void Names_follow_the_profile_rules_whatever_the_segment_order()
    {
        var (data, groups) = Customers(Groups, 2_000, 3);
        int[] order = [2, 0, 3, 1];

        var profiles = SegmentProfiler.Profile(data, [.. groups.Select(g => order[g])], Groups.Length);
        var names = SegmentNamer.Name(profiles);

        for (var g = 0; g < Groups.Length; g++)
        {
            Assert.Equal(Groups[g].Group, names[order[g]].Rule);
            Assert.False(string.IsNullOrWhiteSpace(names[order[g]].Action));
        }

        Assert.Equal("Champions", names[order[0]].Name);
        Assert.Equal("Hibernating", names[order[1]].Name);
    }

    [Theory]
    [InlineData(new[] { 0, 1, 2, 3, 4 })]
    [InlineData(new[] { 3, 0, 4, 2, 1 })]
    public void The_synthetic_shops_segments_get_distinct_behaviour_names_whatever_their_order(int[] order)
    {
        var options = new SyntheticShopOptions { Customers = 2_000, Seed = 42 };
        var latent = options.Segments.Select(s => s.Name).ToList();
        var documents = new List<CustomerFeatures>();
        var segmentOf = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var customer in new SyntheticShopGenerator(options).Customers())
        {
            documents.Add(CustomerFeaturesFolder.Fold(customer.Truth.CustomerId, customer.Events));
            segmentOf[customer.Truth.CustomerId] = order[latent.IndexOf(customer.Truth.Segment)];
        }

        var table = new TrainingTableBuilder().Build(documents, options.End);
        var full = new FeatureMatrix(table.Values.ToArray(), table.RowCount, table.ColumnCount, table.ColumnNames);
        var names = SegmentNamer.Name(SegmentProfiler.Profile(full, [.. table.CustomerIds.Select(id => segmentOf[id])], latent.Count, FeatureNames.Revenue));

        var expected = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["loyal_high_value"] = "loyal-high-value", ["regular"] = "potential-loyalists", ["bargain_hunter"] = "deal-seekers",
            ["window_shopper"] = "window-shoppers", ["one_and_done"] = "one-time",
        };
        foreach (var (segment, rule) in expected)
        {
            var name = names[order[latent.IndexOf(segment)]];
            Assert.Equal(rule, name.Rule);
            Assert.DoesNotContain("(", name.Name, StringComparison.Ordinal);
        }

        Assert.Equal(latent.Count, names.Select(n => n.Name).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(latent.Count, names.Select(n => n.Action).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Two_segments_matching_one_rule_get_names_telling_them_apart()
    {
        (string, double, double, double, double, double)[] groups =
        [
            ("champions", 0.125, 2, 20, 3_000, 700),
            ("champions", 0.125, 2, 20, 1_800, 700),
            .. Groups[1..],
        ];
        var (data, labels) = Customers(groups, 2_000, 4);

        var names = SegmentNamer.Name(SegmentProfiler.Profile(data, labels, groups.Length));

        Assert.Equal("Champions (higher spend)", names[0].Name);
        Assert.Equal("Champions (lower spend)", names[1].Name);
        Assert.Equal(names.Count, names.Select(n => n.Name).Distinct().Count());
    }

    [Fact]
    public void Tables_without_known_columns_get_the_generic_name()
    {
        var data = new FeatureMatrix([1, 2, 3, 4], 4, 1, [FeatureNames.Monetary]);

        var names = SegmentNamer.Name(SegmentProfiler.Profile(data, [0, 0, 1, 1], 2));

        Assert.All(names, n => Assert.StartsWith("Steady customers", n.Name));
        Assert.NotEqual(names[0].Name, names[1].Name);
    }

    private static (FeatureMatrix Data, int[] Labels) Customers(
        (string Group, double Share, double Recency, double Frequency, double Monetary, double Tenure)[] groups,
        int rows, int seed)
    {
        var random = new Random(seed);
        var values = new double[rows * Columns.Length];
        var labels = new int[rows];
        var row = 0;
        for (var g = 0; g < groups.Length; g++)
        {
            var count = g == groups.Length - 1 ? rows - row : (int)(groups[g].Share * rows);
            for (var i = 0; i < count; i++, row++)
            {
                labels[row] = g;
                values[row * 4] = groups[g].Recency * (0.9 + 0.2 * random.NextDouble());
                values[row * 4 + 1] = groups[g].Frequency;
                values[row * 4 + 2] = groups[g].Monetary * (0.9 + 0.2 * random.NextDouble());
                values[row * 4 + 3] = groups[g].Tenure * (0.9 + 0.2 * random.NextDouble());
            }
        }

        return (new FeatureMatrix(values, rows, Columns.Length, Columns), labels);
    }
}
