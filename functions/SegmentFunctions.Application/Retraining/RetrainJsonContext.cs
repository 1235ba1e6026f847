using System.Text.Json;
using System.Text.Json.Serialization;
using SegmentFunctions.Application.Retraining.Activities;

namespace SegmentFunctions.Application.Retraining;

/// <summary>
/// Source-generated JSON of everything the retraining orchestration passes through Durable Task: its input and
/// output, its custom status, and each activity's input and result. Web names (camelCase); NaN and infinities as
/// literals, so a fit's odd figure does not fail a run.
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    UseStringEnumConverter = true,
    NumberHandling = JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(RetrainRequest))]
[JsonSerializable(typeof(RetrainResult))]
[JsonSerializable(typeof(RetrainProgress))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(TakeSnapshotInput))]
[JsonSerializable(typeof(SnapshotTaken))]
[JsonSerializable(typeof(SnapshotPlanned))]
[JsonSerializable(typeof(WriteSnapshotShardInput))]
[JsonSerializable(typeof(SnapshotShardWritten))]
[JsonSerializable(typeof(FindCutoffSnapshotInput))]
[JsonSerializable(typeof(CutoffSnapshot))]
[JsonSerializable(typeof(ChampionInfo))]
[JsonSerializable(typeof(CheckReadinessInput))]
[JsonSerializable(typeof(ReadinessResult))]
[JsonSerializable(typeof(PrepareFitShardInput))]
[JsonSerializable(typeof(FitShardPrepared))]
[JsonSerializable(typeof(FitLifetimeInput))]
[JsonSerializable(typeof(FitSegmentationInput))]
[JsonSerializable(typeof(SegmentationPartResult))]
[JsonSerializable(typeof(LifetimePartResult))]
[JsonSerializable(typeof(TrainChurnInput))]
[JsonSerializable(typeof(ChurnPartResult))]
[JsonSerializable(typeof(AssembleChallengerInput))]
[JsonSerializable(typeof(ChallengerInfo))]
[JsonSerializable(typeof(EvaluateChallengerInput))]
[JsonSerializable(typeof(ChallengerEvaluation))]
[JsonSerializable(typeof(PublishInput))]
[JsonSerializable(typeof(PublishResult))]
[JsonSerializable(typeof(BatchScoreShardInput))]
[JsonSerializable(typeof(BatchScoreShardResult))]
[JsonSerializable(typeof(BatchScoreInput))]
[JsonSerializable(typeof(BatchScoreSummary))]
[JsonSerializable(typeof(RecordRunInput))]
public sealed partial class RetrainJsonContext : JsonSerializerContext;
