using SegmentFunctions.Domain.Models;
using SegmentFunctions.Domain.Models.Segmentation;
using SegmentFunctions.Domain.Training;

namespace SegmentFunctions.Application.Training;

/// <summary>
/// A shard's <see cref="SegmentationShard"/> from its rows added a block at a time (a snapshot's row groups, streamed):
/// the configured segmentation columns and the purchase columns that replace them where no customer has a session or
/// an e-mail open are kept as the blocks come, and when the shard ends, whether any customer had one decides which the
/// shard's rows hold (<see cref="ModelBundleTrainer.SegmentationShardOf"/>). Memory is those columns of the shard's
/// rows, the activity's output, and nothing of the blocks once added.
/// </summary>
public sealed class SegmentationShardBuilder
{
    private readonly string[] _configured;
    private readonly string[] _candidates;
    private double[] _values;
    private int _rows;
    private bool _checked;
    private bool _hasBehaviourColumns = true;
    private bool _anyBehaviour;

    /// <param name="segmentationColumns">The configured segmentation columns.</param>
    /// <param name="expectedRows">Rows the shard is expected to have (its documents), to size the buffer once.</param>
    public SegmentationShardBuilder(IReadOnlyList<string> segmentationColumns, int expectedRows = 0)
    {
        ArgumentNullException.ThrowIfNull(segmentationColumns);
        _configured = [.. segmentationColumns];
        _candidates = [.. segmentationColumns.Concat(ModelBundleTrainingOptions.PurchaseSegmentationColumns).Distinct(StringComparer.Ordinal)];
        _values = new double[checked(Math.Max(expectedRows, 1) * _candidates.Length)];
    }

    /// <summary>Adds the rows of a block (every row of <paramref name="table"/>), in snapshot order.</summary>
    /// <exception cref="ModelTrainingException">A configured segmentation column is not a feature column.</exception>
    public void Add(TrainingTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (!_checked)
        {
            var unknown = _configured.Where(c => !table.HasColumn(c)).ToArray();
            if (_configured.Length == 0 || unknown.Length > 0)
            {
                throw new ModelTrainingException(
                    $"The segmentation columns must be feature columns ({string.Join(", ", FeatureNames.All)}); unknown: [{string.Join(", ", unknown)}].");
            }

            _hasBehaviourColumns = table.HasColumn(FeatureNames.Sessions) && table.HasColumn(FeatureNames.EmailOpens);
            _checked = true;
        }

        if (_hasBehaviourColumns && !_anyBehaviour)
        {
            var (sessions, opens) = (table.ColumnIndex(FeatureNames.Sessions), table.ColumnIndex(FeatureNames.EmailOpens));
            for (var i = 0; i < table.RowCount && !_anyBehaviour; i++)
            {
                _anyBehaviour = table[i, sessions] != 0 || table[i, opens] != 0;
            }
        }

        var block = table.SelectMatrix(_candidates);
        var needed = checked((_rows + block.Rows) * _candidates.Length);
        if (needed > _values.Length)
        {
            Array.Resize(ref _values, Math.Max(needed, checked(_values.Length * 2)));
        }

        block.Values.CopyTo(_values.AsSpan(_rows * _candidates.Length));
        _rows += block.Rows;
    }

    /// <summary>The shard's segmentation rows with their moments.</summary>
    public SegmentationShard Build()
    {
        var behaviour = !_hasBehaviourColumns || _anyBehaviour;
        var candidates = new FeatureMatrix(_values.Length == _rows * _candidates.Length ? _values : _values[..(_rows * _candidates.Length)], _rows, _candidates.Length, _candidates);
        var matrix = behaviour ? candidates.SelectColumns(_configured) : candidates;
        _values = [];
        return new SegmentationShard(matrix, ColumnMoments.Of(matrix), behaviour);
    }
}
