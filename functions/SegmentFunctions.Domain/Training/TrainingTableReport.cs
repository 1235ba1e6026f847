using SegmentFunctions.Domain.Models;
namespace SegmentFunctions.Domain.Training;

/// <summary>How a training table was built: what was skipped, imputed and dropped, and why.</summary>
/// <param name="DocumentsRead">Feature documents offered to the builder.</param>
/// <param name="NotYetSeen">Documents skipped because the customer was first seen at or after T (or never).</param>
/// <param name="ImputedCounts">Rows with an imputed value, per column (see <see cref="FeatureNames"/>).</param>
/// <param name="DroppedConstantColumns">Columns dropped because every row had the same value.</param>
/// <param name="Warnings">Human-readable warnings, one per finding.</param>
public sealed record TrainingTableReport(
    int DocumentsRead,
    int NotYetSeen,
    IReadOnlyDictionary<string, int> ImputedCounts,
    IReadOnlyList<string> DroppedConstantColumns,
    IReadOnlyList<string> Warnings);
