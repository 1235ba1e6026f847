using Microsoft.DurableTask;
using Microsoft.Extensions.Options;
using SegmentFunctions.Application.Retraining.Parts;
using SegmentFunctions.Application.Training;

namespace SegmentFunctions.Application.Retraining.Activities;

/// <summary>Assembles the fitted parts into the challenger bundle, saved to the run's folder.</summary>
[DurableTask(RetrainActivityNames.AssembleChallenger)]
public sealed class AssembleChallengerActivity(PartStore parts, RetrainRunFiles files, IOptions<RetrainingOptions> options, ActivityCancellation cancellation)
    : RetrainActivity<AssembleChallengerInput, ChallengerInfo>(cancellation)
{
    protected override async Task<ChallengerInfo> ExecuteAsync(AssembleChallengerInput input, CancellationToken cancellationToken)
    {
        var segmentation = await parts.ReadSegmentationAsync(input.SegmentationBlob, cancellationToken);
        var lifetime = await parts.ReadLifetimeAsync(input.LifetimeBlob, cancellationToken);
        var churn = input.ChurnBlob is { } churnBlob
            ? await parts.ReadChurnAsync(churnBlob, files.Part(input.RunId, TrainChurnClassifierActivity.ClassifierName), cancellationToken)
            : ChurnFit.NotTrained(input.ChurnNotTrainedReason ?? ModelBundleTrainer.NoCutoffReason);
        var trainer = new ModelBundleTrainer(options.Value.EffectiveTraining());
        var bundle = trainer.Assemble(input.Version, input.TrainedAt, input.AsOf, input.Customers, [], segmentation, lifetime, churn).Bundle;
        var blob = files.Challenger(input.RunId);
        var (sha256, length) = await parts.WriteBundleAsync(blob, bundle, cancellationToken);
        return new ChallengerInfo(input.Version, blob, sha256, length, bundle.Churn is not null);
    }
}
