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
    /// <summary>"LTD1": the first four bytes of a compressed lifetime data part.</summary>
    private const int LifetimeDataFormat = 0x3144544C;

    /// <summary>"SEG1": the first four bytes of a shard's segmentation rows part.</summary>
    private const int SegmentationRowsFormat = 0x31474553;

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

        await WriteJsonAsync(path, new ChurnPart(fit.Quality, fit.NotTrainedReason, fit.HoldoutCustomerIds, fit.Warnings, fit.HoldoutLabels),
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

    /// <exception cref="InvalidDataException">The part's held-out labels are not one per held-out customer.</exception>
    public async Task<ChurnPart> ReadChurnPartAsync(string path, CancellationToken cancellationToken)
    {
        var part = await ReadJsonAsync(path, RetrainingJsonContext.Default.ChurnPart, cancellationToken);
        if (part.HoldoutLabels is { } labels && labels.Churned.Count != part.HoldoutCustomerIds.Count)
        {
            throw new InvalidDataException(
                $"The churn part '{path}' has {labels.Churned.Count} held-out labels for {part.HoldoutCustomerIds.Count} held-out customers.");
        }

        return part;
    }

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

        return new ChurnFit(classifier, part.Quality, null, part.NotTrainedReason, part.HoldoutCustomerIds, part.Warnings, HoldoutLabels: part.HoldoutLabels);
    }

    /// <summary>
    /// Writes compressed lifetime data (one shard's) in a small binary form: a count, then (x, t_x, T, count) per
    /// distinct BG/NBD history; a count, then (x, zbar, count) per distinct Gamma-Gamma pair. Doubles are stored
    /// bit for bit, so the data read back is the data written.
    /// </summary>
    public async Task WriteAsync(string path, LifetimeData data, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(data);
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(LifetimeDataFormat);
            writer.Write(data.Purchases.Observations.Count);
            foreach (var o in data.Purchases.Observations)
            {
                writer.Write(o.Frequency);
                writer.Write(o.Recency);
                writer.Write(o.Age);
                writer.Write(o.Count);
            }

            writer.Write(data.Spend.Observations.Count);
            foreach (var o in data.Spend.Observations)
            {
                writer.Write(o.Frequency);
                writer.Write(o.MeanSpend);
                writer.Write(o.Count);
            }
        }

        buffer.Position = 0;
        await blobs.WriteAsync(path, buffer, BlobCondition.None, cancellationToken);
    }

    /// <exception cref="InvalidDataException">The part is missing or not compressed lifetime data.</exception>
    public async Task<LifetimeData> ReadLifetimeDataAsync(string path, CancellationToken cancellationToken)
    {
        using var buffer = await ReadBytesAsync(path, cancellationToken);
        using var reader = new BinaryReader(buffer);
        try
        {
            if (reader.ReadInt32() != LifetimeDataFormat)
            {
                throw new InvalidDataException($"The part '{path}' is not compressed lifetime data.");
            }

            var purchases = new BgNbdObservation[reader.ReadInt32()];
            for (var i = 0; i < purchases.Length; i++)
            {
                purchases[i] = new BgNbdObservation(reader.ReadInt32(), reader.ReadDouble(), reader.ReadDouble(), reader.ReadInt32());
            }

            var spend = new GammaGammaObservation[reader.ReadInt32()];
            for (var i = 0; i < spend.Length; i++)
            {
                spend[i] = new GammaGammaObservation(reader.ReadInt32(), reader.ReadDouble(), reader.ReadInt32());
            }

            return new LifetimeData(new BgNbdData(purchases), new GammaGammaData(spend));
        }
        catch (Exception e) when (e is EndOfStreamException or LifetimeModelException)
        {
            throw new InvalidDataException($"The part '{path}' is not compressed lifetime data: {e.Message}", e);
        }
    }

    /// <summary>
    /// Writes one shard's segmentation rows in a small binary form: the column names with their log1p flags and
    /// moments, whether a customer has a session or e-mail open, then the rows (row-major doubles, bit for bit).
    /// </summary>
    public async Task WriteAsync(string path, SegmentationShard shard, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shard);
        var rows = shard.Rows;
        var moments = shard.Moments;
        using var buffer = new MemoryStream(capacity: checked(64 + rows.Values.Length * sizeof(double) + rows.Columns * 64));
        using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(SegmentationRowsFormat);
            writer.Write(shard.HasBehaviour);
            writer.Write(rows.Columns);
            writer.Write(rows.Rows);
            writer.Write(moments.Rows);
            for (var c = 0; c < rows.Columns; c++)
            {
                writer.Write(rows.ColumnNames[c]);
                writer.Write(moments.Log[c]);
                writer.Write(moments.Means[c]);
                writer.Write(moments.SquaredDeviations[c]);
                writer.Write(moments.FirstValues[c]);
            }

            foreach (var value in rows.Values)
            {
                writer.Write(value);
            }
        }

        buffer.Position = 0;
        await blobs.WriteAsync(path, buffer, BlobCondition.None, cancellationToken);
    }

    /// <exception cref="InvalidDataException">The part is missing or not a shard's segmentation rows.</exception>
    public async Task<SegmentationShard> ReadSegmentationShardAsync(string path, CancellationToken cancellationToken)
    {
        using var buffer = await ReadBytesAsync(path, cancellationToken);
        using var reader = new BinaryReader(buffer);
        try
        {
            if (reader.ReadInt32() != SegmentationRowsFormat)
            {
                throw new InvalidDataException($"The part '{path}' is not a shard's segmentation rows.");
            }

            var behaviour = reader.ReadBoolean();
            var columns = reader.ReadInt32();
            var rowCount = reader.ReadInt32();
            var momentRows = reader.ReadInt64();
            var names = new string[columns];
            var log = new bool[columns];
            var means = new double[columns];
            var deviations = new double[columns];
            var first = new double[columns];
            for (var c = 0; c < columns; c++)
            {
                (names[c], log[c], means[c], deviations[c], first[c]) =
                    (reader.ReadString(), reader.ReadBoolean(), reader.ReadDouble(), reader.ReadDouble(), reader.ReadDouble());
            }

            var values = new double[checked(rowCount * columns)];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = reader.ReadDouble();
            }

            return new SegmentationShard(new FeatureMatrix(values, rowCount, columns, names), new ColumnMoments(names, log, momentRows, means, deviations, first), behaviour);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException($"The part '{path}' is not a shard's segmentation rows: {e.Message}", e);
        }
    }

    /// <summary>Uploads the feature rows a <see cref="FeatureRowsWriter"/> wrote.</summary>
    public async Task WriteFeatureRowsAsync(string path, FeatureRowsWriter rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        await blobs.WriteAsync(path, rows.Rewind(), BlobCondition.None, cancellationToken);
    }

    /// <summary>Local copies of the shards' feature rows parts, in the order given; the caller disposes them.</summary>
    /// <exception cref="InvalidDataException">A part is missing.</exception>
    public async Task<FeatureRowsFiles> DownloadFeatureRowsAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var files = new FeatureRowsFiles();
        try
        {
            foreach (var path in paths)
            {
                var local = Path.Combine(Path.GetTempPath(), $"segment-feature-rows-{Guid.NewGuid():N}.bin");
                files.Add(local);
                await using var download = await blobs.OpenReadAsync(path, cancellationToken)
                    ?? throw new InvalidDataException($"The part '{path}' is missing.");
                await using var file = new FileStream(local, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
                await download.Content.CopyToAsync(file, cancellationToken);
            }

            return files;
        }
        catch
        {
            files.Dispose();
            throw;
        }
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

    private async Task<MemoryStream> ReadBytesAsync(string path, CancellationToken cancellationToken)
    {
        await using var download = await blobs.OpenReadAsync(path, cancellationToken)
            ?? throw new InvalidDataException($"The part '{path}' is missing.");
        var buffer = new MemoryStream();
        await download.Content.CopyToAsync(buffer, cancellationToken);
        buffer.Position = 0;
        return buffer;
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
