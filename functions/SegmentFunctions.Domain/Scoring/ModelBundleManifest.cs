using SegmentFunctions.Domain.Models.Lifetime;

namespace SegmentFunctions.Domain.Scoring;

/// <summary>manifest.json of a bundle file: what the bundle is and which optional entries it holds.</summary>
internal sealed record ModelBundleManifest(
    int FormatVersion,
    string Version,
    DateTimeOffset TrainedAt,
    DateTimeOffset AsOf,
    int FeatureSchemaVersion,
    LifetimeTimeUnit TimeUnit,
    IReadOnlyList<string> SegmentationColumns,
    int ChurnHorizonDays,
    ClvSettings Clv,
    bool HasGammaGamma,
    bool HasChurnClassifier);

/// <summary>lifetime.json: the fitted BG/NBD and Gamma-Gamma parameters.</summary>
internal sealed record LifetimeModelsDocument(BgNbdParameters BgNbd, GammaGammaParameters? GammaGamma);

internal sealed record BgNbdParameters(double R, double Alpha, double A, double B, double LogLikelihood, int Customers);

internal sealed record GammaGammaParameters(double P, double Q, double Gamma, double LogLikelihood, int Customers);
