using Microsoft.DurableTask;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Application.Registry;
using SegmentFunctions.Application.Retraining.Parts;

namespace SegmentFunctions.Application.Retraining.Activities;

/// <summary>
/// Publishes the challenger under the run's version and promotes it if the serving pointer is still the champion the
/// gate compared with. Idempotent: a version already published with the same bundle bytes counts as published, and a
/// version already serving as promoted, so a replay never creates a second version.
/// </summary>
[DurableTask(RetrainActivityNames.Publish)]
public sealed class PublishActivity(IBlobStore blobs, ModelRegistry registry, ActivityCancellation cancellation) : RetrainActivity<PublishInput, PublishResult>(cancellation)
{
    protected override async Task<PublishResult> ExecuteAsync(PublishInput input, CancellationToken cancellationToken)
    {
        if (await registry.GetVersionAsync(input.Version, cancellationToken) is null)
        {
            await using var download = await blobs.OpenReadAsync(input.BundleBlob, cancellationToken)
                ?? throw new InvalidDataException($"The challenger bundle '{input.BundleBlob}' is missing.");
            using var bundle = new MemoryStream();
            await download.Content.CopyToAsync(bundle, cancellationToken);
            bundle.Position = 0;
            try
            {
                await registry.PublishAsync(input.Version, bundle, Metrics(input), cancellationToken);
            }
            catch (ModelVersionExistsException)
            {
                await EnsureSameBundleAsync(input, cancellationToken);
            }
        }
        else
        {
            await EnsureSameBundleAsync(input, cancellationToken);
        }

        var current = await registry.GetCurrentAsync(cancellationToken);
        if (current is { Model.Version: var serving } && string.Equals(serving, input.Version, StringComparison.Ordinal))
        {
            return new PublishResult(input.Version, serving, current.Model.PreviousVersion);
        }

        if (input.ChampionETag is null && current is not null)
        {
            // The gate judged a cold start; a model promoted meanwhile was never compared with this challenger.
            throw new ModelPromotionConflictException(input.Version, current);
        }

        var promoted = await registry.PromoteAsync(input.Version, input.Reason, input.ChampionETag, cancellationToken);
        return new PublishResult(input.Version, promoted.Model.Version, promoted.Model.PreviousVersion);
    }

    private async Task EnsureSameBundleAsync(PublishInput input, CancellationToken cancellationToken)
    {
        await using var published = await registry.OpenBundleAsync(input.Version, cancellationToken);
        var hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(published, cancellationToken));
        if (!string.Equals(hash, input.ContentSha256, StringComparison.Ordinal))
        {
            throw new ModelVersionExistsException(input.Version);
        }
    }

    private static JsonObject Metrics(PublishInput input)
    {
        var metrics = JsonSerializer.SerializeToNode(input.Metrics, RetrainingJsonContext.Default.RetrainMetrics)!.AsObject();
        metrics["runId"] = input.RunId;
        metrics["asOf"] = input.AsOf;
        metrics["snapshotId"] = input.SnapshotId;
        metrics["cutoffSnapshotId"] = input.CutoffSnapshotId;
        metrics["championVersion"] = input.ChampionVersion;
        metrics["reason"] = input.Reason;
        metrics["bundleSha256"] = input.ContentSha256;
        return metrics;
    }
}
