using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Application.Training;
using SegmentFunctions.Domain.Models.Churn;
using SegmentFunctions.Domain.Models.Lifetime;
using SegmentFunctions.Domain.Models.Segmentation;
using SegmentFunctions.Domain.Scoring;

namespace SegmentFunctions.Application.Retraining.Parts;

/// <summary>Writes fitted parts to blobs (overwriting) and reads them back as the trainer's fit records.</summary>
public sealed class PartStore(IBlobStore blobs)
{
    public Task WriteAsync(string path, SegmentationFit fit, CancellationToken cancellationToken) =>
        WriteJsonAsync(path, new SegmentationPart(fit.Columns, fit.Scaler.ToParameters(), fit.Mixture.ToParameters(), fit.Segments, fit.Warnings),
            RetrainingJsonContext.Default.SegmentationPart, cancellationToken);

    public Task WriteAsync(string path, LifetimeFit fit, CancellationToken cancellationToken)
    {
        var bg = fit.BgNbd;
        var gg = fit.GammaGamma is { } g ? new GammaGammaPart(g.P, g.Q, g.Gamma, g.LogLikelihood, g.Customers) : null;
        return WriteJsonAsync(path, new LifetimePart(bg.TimeUnit, bg.R, bg.Alpha, bg.A, bg.B, bg.LogLikelihood, bg.Customers, gg, fit.Warnings, fit.Uncertainty),
            RetrainingJsonContext.Default.LifetimePart, cancellationToken);
    }

    public async Task WriteAsync(string path, string classifierPath, ChurnFit fit, CancellationToken cancellationToken)
    {
        if (fit.Classifier is { } classifier)
        {
            using var zip = new MemoryStream();
            await classifier.SaveAsync(zip, cancellationToken);
            zip.Position = 0;
            await blobs.WriteAsync(classifierPath, zip, BlobCondition.None, cancellationToken);
        }

        await WriteJsonAsync(path, new ChurnPart(fit.Quality, fit.NotTrainedReason, fit.HoldoutCustomerIds, fit.Warnings),
            RetrainingJsonContext.Default.ChurnPart, cancellationToken);
    }

    public async Task<SegmentationFit> ReadSegmentationAsync(string path, CancellationToken cancellationToken)
    {
        var part = await ReadJsonAsync(path, RetrainingJsonContext.Default.SegmentationPart, cancellationToken);
        return new SegmentationFit(
            part.Columns, FeatureScalerModel.FromParameters(part.Scaler), VariationalGaussianMixtureModel.FromParameters(part.Mixture),
            part.Segments, null, part.Warnings);
    }

    public async Task<LifetimeFit> ReadLifetimeAsync(string path, CancellationToken cancellationToken)
    {
        var part = await ReadJsonAsync(path, RetrainingJsonContext.Default.LifetimePart, cancellationToken);
        var bgNbd = new BgNbdModel(part.R, part.Alpha, part.A, part.B, part.BgNbdLogLikelihood, part.BgNbdCustomers, part.TimeUnit);
        var gammaGamma = part.GammaGamma is { } g ? new GammaGammaModel(g.P, g.Q, g.Gamma, g.LogLikelihood, g.Customers) : null;
        return new LifetimeFit(bgNbd, gammaGamma, part.Warnings, part.Uncertainty);
    }

    public Task<ChurnPart> ReadChurnPartAsync(string path, CancellationToken cancellationToken) =>
        ReadJsonAsync(path, RetrainingJsonContext.Default.ChurnPart, cancellationToken);

    public async Task<ChurnFit> ReadChurnAsync(string path, string classifierPath, CancellationToken cancellationToken)
    {
        var part = await ReadChurnPartAsync(path, cancellationToken);
        ChurnClassifier? classifier = null;
        if (part.NotTrainedReason is null)
        {
            await using var download = await blobs.OpenReadAsync(classifierPath, cancellationToken)
                ?? throw new InvalidDataException($"The churn part '{path}' has a classifier but '{classifierPath}' is missing.");
            classifier = await ChurnClassifier.LoadAsync(download.Content, cancellationToken);
        }

        return new ChurnFit(classifier, part.Quality, null, part.NotTrainedReason, part.HoldoutCustomerIds, part.Warnings);
    }

    /// <summary>Writes a bundle and returns its SHA-256 (lowercase hex) and length.</summary>
    public async Task<(string Sha256, long Length)> WriteBundleAsync(string path, ModelBundle bundle, CancellationToken cancellationToken)
    {
        using var zip = new MemoryStream();
        await ModelBundleSerializer.SaveAsync(bundle, zip, cancellationToken);
        var hash = Convert.ToHexStringLower(SHA256.HashData(zip.GetBuffer().AsSpan(0, (int)zip.Length)));
        zip.Position = 0;
        await blobs.WriteAsync(path, zip, BlobCondition.None, cancellationToken);
        return (hash, zip.Length);
    }

    /// <exception cref="ModelBundleFormatException">The blob is not a loadable bundle.</exception>
    public async Task<ModelBundle> ReadBundleAsync(string path, CancellationToken cancellationToken)
    {
        await using var download = await blobs.OpenReadAsync(path, cancellationToken)
            ?? throw new ModelBundleFormatException($"The bundle '{path}' is missing.");
        return await ModelBundleSerializer.LoadAsync(download.Content, cancellationToken);
    }

    private async Task WriteJsonAsync<T>(string path, T value, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        using var json = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(value, type));
        await blobs.WriteAsync(path, json, BlobCondition.None, cancellationToken);
    }

    private async Task<T> ReadJsonAsync<T>(string path, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        await using var download = await blobs.OpenReadAsync(path, cancellationToken)
            ?? throw new InvalidDataException($"The part '{path}' is missing.");
        return await JsonSerializer.DeserializeAsync(download.Content, type, cancellationToken)
            ?? throw new InvalidDataException($"The part '{path}' is empty.");
    }
}
