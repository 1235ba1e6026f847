using System.Globalization;
using SegmentFunctions.Domain.Models.Lifetime;
using SegmentFunctions.Domain.Transactions;
using SegmentFunctions.Testing;

namespace SegmentFunctions.Domain.Tests.Lifetime;

/// <summary>The CDNOW sample, its published summaries and the models fitted on it, loaded once per test run.</summary>
internal static class CdnowData
{
    public static readonly DateOnly CalibrationEnd = new(1997, 9, 30);
    public static readonly DateOnly HoldoutEnd = new(1998, 6, 30);

    private static readonly Lazy<RfmSummary> LazySummary = new(() =>
    {
        using var reader = File.OpenText(RepositoryPaths.Cdnow("CDNOW_sample.txt"));
        return RfmSummaryBuilder.Build(
            new CdnowTransactionReader().Read(reader), CalibrationEnd, HoldoutEnd, LifetimeTimeUnit.Week);
    });

    private static readonly Lazy<BgNbdModel> LazyBgNbd = new(() => new BgNbdTrainer().Fit(Summary));
    private static readonly Lazy<GammaGammaModel> LazyGammaGamma = new(() => new GammaGammaTrainer().Fit(Summary));

    /// <summary>Built from the raw transactions, in weeks.</summary>
    public static RfmSummary Summary => LazySummary.Value;

    public static BgNbdModel BgNbd => LazyBgNbd.Value;

    public static GammaGammaModel GammaGamma => LazyGammaGamma.Value;

    /// <summary>Rows of a published summary CSV (header first), as columns by header name.</summary>
    public static List<Dictionary<string, string>> ReadCsv(string fileName)
    {
        var lines = File.ReadAllLines(RepositoryPaths.Cdnow(fileName)).Where(l => l.Trim().Length > 0).ToList();
        var header = lines[0].Trim().Split(',');
        return lines.Skip(1)
            .Select(l => l.Trim().Split(',').Select((v, i) => (header[i], v)).ToDictionary(p => p.Item1, p => p.v))
            .ToList();
    }

    public static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    public static void AssertRelative(double expected, double actual, double tolerance, string what)
    {
        var relative = Math.Abs(actual - expected) / Math.Abs(expected);
        Assert.True(relative <= tolerance, $"{what}: expected {expected}, got {actual} (relative error {relative:G3}).");
    }
}
