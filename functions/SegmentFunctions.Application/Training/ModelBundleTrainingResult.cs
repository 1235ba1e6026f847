using SegmentFunctions.Domain.Scoring;

namespace SegmentFunctions.Application.Training;

/// <summary>A trained bundle and the report of its training.</summary>
public sealed record ModelBundleTrainingResult(ModelBundle Bundle, ModelBundleTrainingReport Report);
