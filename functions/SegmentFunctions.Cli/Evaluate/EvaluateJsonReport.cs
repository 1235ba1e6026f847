using System.Text.Json.Serialization;
using SegmentFunctions.Application.Evaluation;

namespace SegmentFunctions.Cli.Evaluate;

/// <summary>The JSON of `segment evaluate --json`: the figures CI and notebooks compare against references.</summary>
internal sealed record EvaluateJsonReport(
    BgNbdJson Bgnbd,
    GammaGammaJson? GammaGamma,
    HoldoutJson Holdout,
    ChurnJson Churn,
    SegmentationJson Segmentation,
    IReadOnlyList<string> Warnings)
{
    public static EvaluateJsonReport From(BacktestResult result) => new(
        new BgNbdJson(result.BgNbd.R, result.BgNbd.Alpha, result.BgNbd.A, result.BgNbd.B, result.BgNbd.LogLikelihood),
        result.GammaGamma is { } gg ? new GammaGammaJson(gg.P, gg.Q, gg.Gamma) : null,
        new HoldoutJson(result.Holdout.ActualPurchases, result.Holdout.PredictedPurchases, result.Holdout.HoldoutLength),
        new ChurnJson(
            result.Churn.Customers,
            result.Churn.Rate,
            result.Churn.Models.ToDictionary(m => m.Key, m => m.Value.RocAuc, StringComparer.Ordinal),
            result.Churn.Models.ToDictionary(m => m.Key, m => m.Value.PrAuc, StringComparer.Ordinal),
            result.Churn.Best,
            result.Churn.ClassifierNotTrainedReason,
            result.Churn.Serving,
            result.Churn.ServingReason,
            result.Churn.ClassifierPlan),
        new SegmentationJson(
            result.Segmentation.EffectiveK,
            result.Segmentation.Sizes.ToDictionary(s => s.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), s => s.Value, StringComparer.Ordinal),
            result.Segmentation.Names.ToDictionary(s => s.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), s => s.Value, StringComparer.Ordinal)),
        result.Warnings);
}

internal sealed record BgNbdJson(double R, double Alpha, double A, double B, double LogLikelihood);

internal sealed record GammaGammaJson(double P, double Q, double Gamma);

internal sealed record HoldoutJson(int ActualPurchases, double PredictedPurchases, double Length);

internal sealed record ChurnJson(
    int Customers,
    double Rate,
    IReadOnlyDictionary<string, double> Auc,
    IReadOnlyDictionary<string, double> PrAuc,
    string Best,
    string? ClassifierNotTrainedReason,
    string Serving,
    string ServingReason,
    string? ClassifierPlan);

internal sealed record SegmentationJson(int EffectiveK, IReadOnlyDictionary<string, int> Sizes, IReadOnlyDictionary<string, string> Names);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(EvaluateJsonReport))]
internal sealed partial class EvaluateJsonContext : JsonSerializerContext;
