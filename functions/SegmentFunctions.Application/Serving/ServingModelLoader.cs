using Microsoft.Extensions.Logging;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Application.Registry;
using SegmentFunctions.Domain.Scoring;

namespace SegmentFunctions.Application.Serving;

/// <summary>
/// Brings the <see cref="ServingModelHolder"/> up to date with models/current.json: when the pointer's ETag changed and
/// names another version, the bundle is downloaded and deserialized here, off the request path, and swapped in only
/// once fully built. A bundle that fails to load leaves the previous model serving; the next refresh tries again.
/// </summary>
public sealed partial class ServingModelLoader(
    ModelRegistry registry, ServingModelHolder holder, TimeProvider clock, ILogger<ServingModelLoader> logger)
{
    private string? _lastFailedETag;

    /// <summary>What one refresh did.</summary>
    public enum Outcome
    {
        /// <summary>Nothing is published yet.</summary>
        NoPointer,
        /// <summary>The pointer is the one already loaded (or the version it names already serves).</summary>
        Unchanged,
        /// <summary>A new version now serves.</summary>
        Loaded,
        /// <summary>The pointed-to bundle could not be loaded; the previous model (if any) still serves.</summary>
        Failed,
    }

    public async Task<Outcome> RefreshAsync(CancellationToken cancellationToken)
    {
        CurrentModelPointer? pointer;
        try
        {
            pointer = await registry.GetCurrentAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is StoreUnavailableException or InvalidDataException or System.Text.Json.JsonException)
        {
            LogPointerUnreadable(logger, e);
            return Outcome.Failed;
        }

        if (pointer is null)
        {
            return Outcome.NoPointer;
        }

        var current = holder.Current;
        if (current is not null && string.Equals(current.PointerETag, pointer.ETag, StringComparison.Ordinal))
        {
            return Outcome.Unchanged;
        }

        var version = pointer.Model.Version;
        if (current is not null && string.Equals(current.Version, version, StringComparison.Ordinal))
        {
            holder.Swap(new ServingModel(version, pointer.ETag, current.Bundle, current.LoadedAt));
            return Outcome.Unchanged;
        }

        try
        {
            ModelBundle bundle;
            await using (var stream = await registry.OpenBundleAsync(version, cancellationToken).ConfigureAwait(false))
            {
                bundle = await ModelBundleSerializer.LoadAsync(stream, cancellationToken).ConfigureAwait(false);
            }

            holder.Swap(new ServingModel(version, pointer.ETag, bundle, clock.GetUtcNow()));
            _lastFailedETag = null;
            LogLoaded(logger, version, current?.Version, bundle.Segments.Count, bundle.Churn is not null);
            return Outcome.Loaded;
        }
        catch (Exception e) when (e is ModelBundleFormatException or ModelVersionNotFoundException or StoreUnavailableException or IOException)
        {
            // One error per bad pointer, not one per poll: the pointer only changes through another promotion.
            if (!string.Equals(_lastFailedETag, pointer.ETag, StringComparison.Ordinal))
            {
                _lastFailedETag = pointer.ETag;
                LogLoadFailed(logger, e, version, current?.Version);
            }

            return Outcome.Failed;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Serving model version {Version} (previous {PreviousVersion}): {Segments} segments, churn classifier {HasClassifier}")]
    private static partial void LogLoaded(ILogger logger, string version, string? previousVersion, int segments, bool hasClassifier);

    [LoggerMessage(Level = LogLevel.Error, Message = "Model version {Version} could not be loaded; {ServingVersion} keeps serving")]
    private static partial void LogLoadFailed(ILogger logger, Exception exception, string version, string? servingVersion);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The serving pointer could not be read; the loaded model keeps serving")]
    private static partial void LogPointerUnreadable(ILogger logger, Exception exception);
}
