using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using SegmentFunctions.Domain.Models.Churn;
using SegmentFunctions.Domain.Models.Lifetime;
using SegmentFunctions.Domain.Models.Segmentation;
using SegmentFunctions.Domain.Models.Uncertainty;

using SegmentFunctions.Domain.Serialization;

namespace SegmentFunctions.Domain.Scoring;

/// <summary>
/// Writes and reads a <see cref="ModelBundle"/> as one zip: <c>manifest.json</c> (format version, bundle version, times,
/// schema, settings), one JSON entry per model (<c>scaler.json</c>, <c>mixture.json</c>, <c>segments.json</c>,
/// <c>lifetime.json</c>, <c>metrics.json</c>), <c>churn.zip</c>, the ML.NET classifier, when trained, and
/// <c>uncertainty.json</c>, the lifetime models' parameter draws, when drawn. A reader finds the optional draws by
/// their entry, so bundles written before them load (without intervals) and the format version stays 1.
/// </summary>
public static class ModelBundleSerializer
{
    private const string ManifestEntry = "manifest.json";
    private const string ScalerEntry = "scaler.json";
    private const string MixtureEntry = "mixture.json";
    private const string SegmentsEntry = "segments.json";
    private const string LifetimeEntry = "lifetime.json";
    private const string MetricsEntry = "metrics.json";
    private const string ChurnEntry = "churn.zip";
    private const string UncertaintyEntry = "uncertainty.json";

    public static async Task SaveAsync(ModelBundle bundle, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        ArgumentNullException.ThrowIfNull(output);
        var context = ModelBundleJsonContext.Default;
        await ZipPackage.WriteAsync(output, async zip =>
        {
            var manifest = new ModelBundleManifest(
                ModelBundle.FormatVersion, bundle.Version, bundle.TrainedAt, bundle.AsOf, bundle.FeatureSchemaVersion,
                bundle.TimeUnit, bundle.SegmentationColumns, bundle.ChurnHorizonDays, bundle.Clv,
                bundle.GammaGamma is not null, bundle.Churn is not null);
            await WriteAsync(zip, ManifestEntry, manifest, context.ModelBundleManifest, cancellationToken).ConfigureAwait(false);
            await WriteAsync(zip, ScalerEntry, bundle.Scaler.ToParameters(), context.FeatureScalerParameters, cancellationToken).ConfigureAwait(false);
            await WriteAsync(zip, MixtureEntry, bundle.Mixture.ToParameters(), context.VariationalGaussianMixtureParameters, cancellationToken).ConfigureAwait(false);
            await WriteAsync(zip, SegmentsEntry, bundle.Segments.ToArray(), context.SegmentDefinitionArray, cancellationToken).ConfigureAwait(false);
            var bg = bundle.BgNbd;
            var gg = bundle.GammaGamma;
            var lifetime = new LifetimeModelsDocument(
                new BgNbdParameters(bg.R, bg.Alpha, bg.A, bg.B, bg.LogLikelihood, bg.Customers),
                gg is null ? null : new GammaGammaParameters(gg.P, gg.Q, gg.Gamma, gg.LogLikelihood, gg.Customers));
            await WriteAsync(zip, LifetimeEntry, lifetime, context.LifetimeModelsDocument, cancellationToken).ConfigureAwait(false);
            await WriteAsync(zip, MetricsEntry, bundle.Metrics, context.ModelBundleMetrics, cancellationToken).ConfigureAwait(false);
            if (bundle.Uncertainty is { } draws)
            {
                await WriteAsync(zip, UncertaintyEntry, draws, context.LifetimeParameterDraws, cancellationToken).ConfigureAwait(false);
            }

            if (bundle.Churn is { } churn)
            {
                await using var entry = zip.CreateEntry(ChurnEntry).Open();
                await churn.SaveAsync(entry, cancellationToken).ConfigureAwait(false);
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <exception cref="ModelBundleFormatException">The stream is not a bundle of format <see cref="ModelBundle.FormatVersion"/>, or an entry is missing or corrupt.</exception>
    public static Task<ModelBundle> LoadAsync(Stream input, CancellationToken cancellationToken) =>
        ZipPackage.ReadAsync(
            input,
            ReadAsync,
            e => e is JsonException or InvalidDataException or ArgumentException or NotSupportedException,
            e => new ModelBundleFormatException($"The stream is not a model bundle (not a zip archive): {e.Message}", e),
            e => new ModelBundleFormatException($"The model bundle is corrupt: {e.Message}", e),
            cancellationToken);

    private static async Task<ModelBundle> ReadAsync(ZipArchive zip, CancellationToken cancellationToken)
    {
        var context = ModelBundleJsonContext.Default;
        var manifest = await ReadAsync(zip, ManifestEntry, context.ModelBundleManifest, cancellationToken).ConfigureAwait(false);
        if (manifest.FormatVersion != ModelBundle.FormatVersion)
        {
            throw new ModelBundleFormatException(
                $"The model bundle '{manifest.Version}' has format version {manifest.FormatVersion}; this code reads version {ModelBundle.FormatVersion}. Retrain or use a matching release.");
        }

        var scaler = FeatureScalerModel.FromParameters(
            await ReadAsync(zip, ScalerEntry, context.FeatureScalerParameters, cancellationToken).ConfigureAwait(false));
        var mixture = VariationalGaussianMixtureModel.FromParameters(
            await ReadAsync(zip, MixtureEntry, context.VariationalGaussianMixtureParameters, cancellationToken).ConfigureAwait(false));
        var segments = await ReadAsync(zip, SegmentsEntry, context.SegmentDefinitionArray, cancellationToken).ConfigureAwait(false);
        var lifetime = await ReadAsync(zip, LifetimeEntry, context.LifetimeModelsDocument, cancellationToken).ConfigureAwait(false);
        var metrics = await ReadAsync(zip, MetricsEntry, context.ModelBundleMetrics, cancellationToken).ConfigureAwait(false);
        var bg = lifetime.BgNbd;
        var bgNbd = new BgNbdModel(bg.R, bg.Alpha, bg.A, bg.B, bg.LogLikelihood, bg.Customers, manifest.TimeUnit);
        GammaGammaModel? gammaGamma = null;
        if (manifest.HasGammaGamma)
        {
            var gg = lifetime.GammaGamma ?? throw new InvalidDataException("The manifest announces a Gamma-Gamma model that lifetime.json lacks.");
            gammaGamma = new GammaGammaModel(gg.P, gg.Q, gg.Gamma, gg.LogLikelihood, gg.Customers);
        }

        ChurnClassifier? churn = null;
        if (manifest.HasChurnClassifier)
        {
            await using var entry = Entry(zip, ChurnEntry).Open();
            churn = await ChurnClassifier.LoadAsync(entry, cancellationToken).ConfigureAwait(false);
        }

        LifetimeParameterDraws? uncertainty = null;
        if (zip.GetEntry(UncertaintyEntry) is not null)
        {
            uncertainty = await ReadAsync(zip, UncertaintyEntry, context.LifetimeParameterDraws, cancellationToken).ConfigureAwait(false);
        }

        return new ModelBundle(
            manifest.Version, manifest.TrainedAt, manifest.AsOf, manifest.TimeUnit, manifest.SegmentationColumns, scaler,
            mixture, segments, bgNbd, gammaGamma, churn, manifest.ChurnHorizonDays, manifest.Clv, metrics,
            manifest.FeatureSchemaVersion, uncertainty);
    }

    private static async Task WriteAsync<T>(ZipArchive zip, string name, T value, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        await using var stream = zip.CreateEntry(name).Open();
        await JsonSerializer.SerializeAsync(stream, value, type, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<T> ReadAsync<T>(ZipArchive zip, string name, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        await using var stream = Entry(zip, name).Open();
        return await JsonSerializer.DeserializeAsync(stream, type, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidDataException($"The bundle entry '{name}' is empty.");
    }

    private static ZipArchiveEntry Entry(ZipArchive zip, string name) =>
        zip.GetEntry(name) ?? throw new InvalidDataException($"The model bundle has no '{name}' entry.");
}
