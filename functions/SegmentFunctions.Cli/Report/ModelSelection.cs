using SegmentFunctions.Domain.Models.Segmentation;

namespace SegmentFunctions.Cli.Report;

/// <summary>The mixtures fitted while choosing the number of segments, and the K the published model uses.</summary>
internal sealed record ModelSelection(IReadOnlyList<ModelSelectionRow> Rows, int? ChosenComponents);
