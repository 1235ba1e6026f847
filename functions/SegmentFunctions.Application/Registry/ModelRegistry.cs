using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SegmentFunctions.Application.Ports;

namespace SegmentFunctions.Application.Registry;

/// <summary>
/// Published model versions and the serving pointer, on Blob Storage. A version (bundle + metrics) is written once
/// and never changed; serving switches by swapping models/current.json under its ETag, so concurrent promotions
/// cannot silently overwrite each other. Rollback is a promotion of an older version.
/// </summary>
/// <param name="validateBundle">
/// Throws when a bundle stream is not a loadable model (supplied by the caller, e.g. the bundle deserializer);
/// every promotion runs it on the stored bundle first.
/// </param>
public sealed partial class ModelRegistry(
    IBlobStore blobs,
    IOptions<ModelRegistryOptions> options,
    Func<Stream, CancellationToken, Task> validateBundle,
    TimeProvider clock,
    ILogger<ModelRegistry> logger)
{
    private readonly ModelRegistryLayout _layout = new(options.Value.Container);

    /// <summary>
    /// Publishes <paramref name="version"/>: the bundle, then its metrics. It does not serve until promoted.
    /// Ids are unique per training run (<see cref="ModelVersionId.New"/>); publishing one id from two writers at once
    /// is a caller error the registry does not arbitrate beyond "first metrics win".
    /// </summary>
    /// <exception cref="ModelVersionExistsException">The version is already published.</exception>
    public async Task<ModelVersionInfo> PublishAsync(string version, Stream bundle, JsonObject metrics, CancellationToken cancellationToken)
    {
        ModelVersionId.Validate(version);
        ArgumentNullException.ThrowIfNull(bundle);
        ArgumentNullException.ThrowIfNull(metrics);
        if (await blobs.GetPropertiesAsync(_layout.Metrics(version), cancellationToken) is not null)
        {
            throw new ModelVersionExistsException(version);
        }

        var start = bundle.CanSeek ? bundle.Position : 0;
        try
        {
            await blobs.WriteAsync(_layout.Bundle(version), bundle, BlobCondition.IfNotExists, cancellationToken);
        }
        catch (BlobConditionFailedException)
        {
            await ReplaceUnfinishedBundleAsync(version, bundle, start, cancellationToken);
        }

        try
        {
            using var json = new MemoryStream(Encoding.UTF8.GetBytes(metrics.ToJsonString()));
            await blobs.WriteAsync(_layout.Metrics(version), json, BlobCondition.IfNotExists, cancellationToken);
        }
        catch (BlobConditionFailedException)
        {
            throw new ModelVersionExistsException(version);
        }

        LogPublished(logger, version);
        return await GetVersionAsync(version, cancellationToken) ?? throw new ModelVersionNotFoundException(version);
    }

    /// <summary>
    /// A bundle without metrics is what a publish that died in between leaves; nothing can have promoted it, so the
    /// new publish replaces it (under its ETag, so a concurrent publisher of the same id still loses cleanly).
    /// </summary>
    private async Task ReplaceUnfinishedBundleAsync(string version, Stream bundle, long start, CancellationToken cancellationToken)
    {
        var leftover = await blobs.GetPropertiesAsync(_layout.Bundle(version), cancellationToken);
        if (leftover is null || await blobs.GetPropertiesAsync(_layout.Metrics(version), cancellationToken) is not null)
        {
            throw new ModelVersionExistsException(version);
        }

        if (!bundle.CanSeek)
        {
            throw new InvalidOperationException(
                $"An unfinished publish of model version '{version}' left a bundle without metrics; publish again from a seekable stream to replace it.");
        }

        bundle.Position = start;
        try
        {
            await blobs.WriteAsync(_layout.Bundle(version), bundle, BlobCondition.IfMatch(leftover.ETag), cancellationToken);
        }
        catch (BlobConditionFailedException)
        {
            throw new ModelVersionExistsException(version);
        }

        LogReplacedUnfinished(logger, version);
    }

    /// <summary>A published version, or null.</summary>
    public async Task<ModelVersionInfo?> GetVersionAsync(string version, CancellationToken cancellationToken)
    {
        ModelVersionId.Validate(version);
        await using var metrics = await blobs.OpenReadAsync(_layout.Metrics(version), cancellationToken);
        if (metrics is null)
        {
            return null;
        }

        var published = await blobs.GetPropertiesAsync(_layout.Metrics(version), cancellationToken);
        var bundle = await blobs.GetPropertiesAsync(_layout.Bundle(version), cancellationToken);
        var node = await JsonNode.ParseAsync(metrics.Content, cancellationToken: cancellationToken) as JsonObject
            ?? throw new InvalidDataException($"metrics.json of model version '{version}' is not a JSON object.");
        return new ModelVersionInfo(version, published?.LastModified ?? default, bundle?.Length ?? 0, node);
    }

    /// <summary>Every published version with its metrics, newest first.</summary>
    public async Task<IReadOnlyList<ModelVersionInfo>> ListAsync(CancellationToken cancellationToken)
    {
        var versions = new List<string>();
        await foreach (var blob in blobs.ListAsync(_layout.Root, cancellationToken))
        {
            if (_layout.VersionOfMetrics(blob.Path) is { } version)
            {
                versions.Add(version);
            }
        }

        var infos = new List<ModelVersionInfo>(versions.Count);
        foreach (var version in versions.Order(StringComparer.Ordinal).Reverse())
        {
            if (await GetVersionAsync(version, cancellationToken) is { } info)
            {
                infos.Add(info);
            }
        }

        return infos;
    }

    /// <summary>The serving pointer with its ETag; null before the first promotion.</summary>
    public async Task<CurrentModelPointer?> GetCurrentAsync(CancellationToken cancellationToken)
    {
        await using var download = await blobs.OpenReadAsync(_layout.Current, cancellationToken);
        if (download is null)
        {
            return null;
        }

        var model = await JsonSerializer.DeserializeAsync(download.Content, ModelRegistryJsonContext.Default.CurrentModel, cancellationToken)
            ?? throw new InvalidDataException($"'{_layout.Current}' is null.");
        return new CurrentModelPointer(model, download.ETag);
    }

    /// <summary>
    /// Makes <paramref name="version"/> the serving model after validating its stored bundle. With
    /// <paramref name="expectedCurrentETag"/>, the pointer must still be the one the caller read (e.g. the champion the
    /// gate compared against); without it, the swap is still atomic against concurrent promotions. Promoting the
    /// version already serving changes nothing.
    /// </summary>
    /// <exception cref="ModelVersionNotFoundException">The version is not published.</exception>
    /// <exception cref="ModelBundleInvalidException">Its bundle is missing or fails validation; nothing changed.</exception>
    /// <exception cref="ModelPromotionConflictException">The pointer changed concurrently; nothing changed.</exception>
    public async Task<CurrentModelPointer> PromoteAsync(
        string version, string reason, string? expectedCurrentETag, CancellationToken cancellationToken)
    {
        ModelVersionId.Validate(version);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        if (await blobs.GetPropertiesAsync(_layout.Metrics(version), cancellationToken) is null)
        {
            throw new ModelVersionNotFoundException(version);
        }

        await ValidateBundleAsync(version, cancellationToken);

        var current = await GetCurrentAsync(cancellationToken);
        if (expectedCurrentETag is not null && !string.Equals(current?.ETag, expectedCurrentETag, StringComparison.Ordinal))
        {
            LogConflict(logger, version, current?.Model.Version);
            throw new ModelPromotionConflictException(version, current);
        }

        if (current is { Model.Version: var serving } && string.Equals(serving, version, StringComparison.Ordinal))
        {
            return current;
        }

        var model = new CurrentModel(version, current?.Model.Version, clock.GetUtcNow(), reason);
        var condition = current is null ? BlobCondition.IfNotExists : BlobCondition.IfMatch(current.ETag);
        try
        {
            using var json = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(model, ModelRegistryJsonContext.Default.CurrentModel));
            var etag = await blobs.WriteAsync(_layout.Current, json, condition, cancellationToken);
            LogPromoted(logger, version, model.PreviousVersion, reason);
            return new CurrentModelPointer(model, etag);
        }
        catch (BlobConditionFailedException)
        {
            var now = await GetCurrentAsync(cancellationToken);
            LogConflict(logger, version, now?.Model.Version);
            throw new ModelPromotionConflictException(version, now);
        }
    }

    /// <summary>Opens a published version's bundle; the caller disposes the stream.</summary>
    /// <exception cref="ModelVersionNotFoundException">The version is not published or its bundle is gone.</exception>
    public async Task<Stream> OpenBundleAsync(string version, CancellationToken cancellationToken)
    {
        ModelVersionId.Validate(version);
        if (await blobs.GetPropertiesAsync(_layout.Metrics(version), cancellationToken) is null)
        {
            throw new ModelVersionNotFoundException(version);
        }

        var download = await blobs.OpenReadAsync(_layout.Bundle(version), cancellationToken)
            ?? throw new ModelVersionNotFoundException(version);
        return download.Content;
    }

    private async Task ValidateBundleAsync(string version, CancellationToken cancellationToken)
    {
        await using var download = await blobs.OpenReadAsync(_layout.Bundle(version), cancellationToken)
            ?? throw new ModelBundleInvalidException(version, "is missing.");
        try
        {
            await validateBundle(download.Content, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogInvalidBundle(logger, e, version);
            throw new ModelBundleInvalidException(version, $"failed validation: {e.Message}", e);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Replaced the bundle an unfinished publish of model version {Version} left")]
    private static partial void LogReplacedUnfinished(ILogger logger, string version);

    [LoggerMessage(Level = LogLevel.Information, Message = "Published model version {Version}")]
    private static partial void LogPublished(ILogger logger, string version);

    [LoggerMessage(Level = LogLevel.Information, Message = "Promoted model version {Version} (previous {PreviousVersion}): {Reason}")]
    private static partial void LogPromoted(ILogger logger, string version, string? previousVersion, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Promotion of model version {Version} lost a race; {CurrentVersion} is current")]
    private static partial void LogConflict(ILogger logger, string version, string? currentVersion);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model version {Version} has an invalid bundle and is not promoted")]
    private static partial void LogInvalidBundle(ILogger logger, Exception exception, string version);
}
