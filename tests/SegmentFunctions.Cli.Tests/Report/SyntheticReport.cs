using SegmentFunctions.Cli.Report;
using SegmentFunctions.Domain.Models.Churn;
using SegmentFunctions.Domain.Models.Lifetime;
using SegmentFunctions.Domain.Models.Segmentation;

namespace SegmentFunctions.Cli.Tests.Report;

/// <summary>
/// A small, consistent made-up report: four segments whose customers, shares, profiles and values agree with each
/// other. One segment name carries HTML metacharacters to check encoding.
/// </summary>
internal static class SyntheticReport
{
    public const string TrickyName = "Loyal & <regular>";
    public static readonly string[] Names = ["Champions", TrickyName, "At risk", "Lost"];
    public static readonly string[] Columns = ["recencyDays", "frequency", "monetary", "averageOrderValue"];

    // Per segment: customers, median recency days, median orders, revenue per customer.
    private static readonly (int Size, double Recency, double Orders, double Revenue)[] Shape =
    [
        (60, 12, 14, 900),
        (140, 35, 6, 260),
        (120, 150, 3, 120),
        (280, 420, 1, 30),
    ];

    public static ReportData Create(int seed = 7)
    {
        var random = new Random(seed);
        var customers = new List<CustomerPoint>();
        var values = new List<CustomerValue>();
        var revenue = new double[Shape.Length];
        for (var s = 0; s < Shape.Length; s++)
        {
            for (var i = 0; i < Shape[s].Size; i++)
            {
                var spread = Math.Exp((random.NextDouble() - 0.5) * 1.2);
                var recencySpread = Math.Exp((random.NextDouble() - 0.5) * 1.4);
                customers.Add(new CustomerPoint(Math.Round(Shape[s].Recency * recencySpread), Math.Max(1, Math.Round(Shape[s].Orders * spread)), s));
                revenue[s] += Shape[s].Revenue * spread;
                values.Add(new CustomerValue(s, Shape[s].Revenue * 0.6 * spread * spread));
            }
        }

        var total = Shape.Sum(s => s.Size);
        var profiles = Enumerable.Range(0, Shape.Length).Select(s => Profile(s, total, revenue[s] / revenue.Sum())).ToArray();
        var populationMeans = Columns.Select((_, f) => profiles.Sum(p => p.Means[f] * p.Size) / total).ToArray();
        var profileSet = new SegmentProfileSet(Columns, total, populationMeans, populationMeans, profiles);
        var names = Names.Select((name, s) => new SegmentName(s, name, "synthetic rule", $"Action for {name}")).ToArray();

        return new ReportData(
            "Customer segments & churn",
            new DateTimeOffset(2026, 11, 22, 15, 0, 0, TimeSpan.Zero),
            "v-test-1",
            new DateOnly(2026, 11, 21),
            new ReportSegments(profileSet, names),
            new ModelSelection(
                [
                    new ModelSelectionRow(2, 2, -5200, 10_600, 0.38, 410, 0.9, 1900),
                    new ModelSelectionRow(3, 3, -4800, 9_900, 0.44, 520, 0.8, 1400),
                    new ModelSelectionRow(4, 4, -4550, 9_600, 0.41, 560, 0.85, 1100),
                    new ModelSelectionRow(5, 4, -4540, 9_750, 0.36, 530, 0.95, 1050),
                    new ModelSelectionRow(6, 5, -4530, 9_900, 0.31, 500, 1.05, 1000),
                ],
                4),
            customers,
            Churn(random),
            [
                new FeatureImportance("recencyDays", 0.46),
                new FeatureImportance("frequency", 0.22),
                new FeatureImportance("monetary", 0.17),
                new FeatureImportance("averageOrderValue", 0.15),
            ],
            AliveSurface.FromModel(new BgNbdModel(0.24, 4.41, 0.79, 2.43, -9582, 2357, LifetimeTimeUnit.Week), 78, 20),
            new LifetimeValues(values, "USD", "12 months"),
            new SegmentFlows(
                new SegmentFlowMatrix([0, 1, 2, 3], [0, 1, 2, 3], [[50, 8, 2, 0], [6, 110, 18, 4], [1, 12, 90, 20], [0, 2, 6, 250]]),
                names,
                "v-test-0"));
    }

    /// <summary>A holdout where churners tend to get higher probabilities; the baseline is a noisier version.</summary>
    public static ChurnEvaluation Churn(Random random, int count = 600)
    {
        var probabilities = new double[count];
        var baseline = new double[count];
        var churned = new bool[count];
        for (var i = 0; i < count; i++)
        {
            var risk = random.NextDouble();
            churned[i] = random.NextDouble() < risk;
            probabilities[i] = Math.Clamp(risk + ((random.NextDouble() - 0.5) * 0.2), 0, 1);
            baseline[i] = risk + ((random.NextDouble() - 0.5) * 0.8);
        }

        var quality = ChurnQuality.Of(ChurnMetrics.Compute(probabilities, churned), ChurnMetrics.Compute(baseline.Select(b => Math.Clamp(b, 0, 1)).ToArray(), churned));
        return new ChurnEvaluation(quality, probabilities, churned, baseline);
    }

    private static SegmentProfile Profile(int s, int total, double revenueShare)
    {
        var (size, recency, orders, revenue) = Shape[s];
        double[] means = [recency, orders, revenue, revenue / orders];
        double[] populationMeans = Columns.Select((_, f) => Shape.Sum(x => Means(x)[f] * x.Size) / total).ToArray();
        double[] scales = [120, 4, 250, 60];
        var standardized = means.Select((m, f) => (m - populationMeans[f]) / scales[f]).ToArray();
        return new SegmentProfile(s, size, (double)size / total, revenueShare, means, means, standardized, means.Select(_ => 0.5).ToArray());
    }

    private static double[] Means((int Size, double Recency, double Orders, double Revenue) shape) =>
        [shape.Recency, shape.Orders, shape.Revenue, shape.Revenue / shape.Orders];
}
