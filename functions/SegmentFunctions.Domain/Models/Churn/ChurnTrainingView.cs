using Microsoft.ML;
using Microsoft.ML.Data;
using SegmentFunctions.Domain.Training;

namespace SegmentFunctions.Domain.Models.Churn;

/// <summary>
/// A labelled table as an ML.NET data view: a boolean <see cref="LabelColumn"/> and a single-precision
/// <see cref="FeaturesColumn"/> vector of the table's width, read straight from the table's row-major values by a
/// cursor that reuses one buffer. Nothing is copied per row, so the trainer's own binned copy is the only other copy
/// of the rows in memory (a table of row objects, one float array each, took several times the table's size).
/// </summary>
internal sealed class ChurnTrainingView : IDataView
{
    public const string LabelColumn = "Label";
    public const string FeaturesColumn = "Features";

    private readonly TrainingTable _table;
    private readonly IReadOnlyList<bool> _labels;

    public ChurnTrainingView(TrainingTable table, IReadOnlyList<bool> labels)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Count != table.RowCount)
        {
            throw new ArgumentException($"Expected {table.RowCount} labels, got {labels.Count}.", nameof(labels));
        }

        _table = table;
        _labels = labels;
        Schema = SchemaOf(table.ColumnCount);
    }

    public bool CanShuffle => false;

    public DataViewSchema Schema { get; }

    /// <summary>The schema of a view with <paramref name="features"/> feature columns, as saved with a trained model.</summary>
    public static DataViewSchema SchemaOf(int features)
    {
        var builder = new DataViewSchema.Builder();
        builder.AddColumn(LabelColumn, BooleanDataViewType.Instance);
        builder.AddColumn(FeaturesColumn, new VectorDataViewType(NumberDataViewType.Single, features));
        return builder.ToSchema();
    }

    public long? GetRowCount() => _table.RowCount;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
        new Cursor(this, [.. columnsNeeded.Select(c => c.Index)]);

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    private sealed class Cursor(ChurnTrainingView view, int[] active) : DataViewRowCursor
    {
        private long _position = -1;

        public override DataViewSchema Schema => view.Schema;

        public override long Position => _position;

        public override long Batch => 0;

        public override bool IsColumnActive(DataViewSchema.Column column) => active.Contains(column.Index);

        public override bool MoveNext()
        {
            if (_position + 1 >= view._table.RowCount)
            {
                _position = view._table.RowCount;
                return false;
            }

            _position++;
            return true;
        }

        public override ValueGetter<DataViewRowId> GetIdGetter() =>
            (ref DataViewRowId id) => id = new DataViewRowId((ulong)_position, 0);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (!IsColumnActive(column))
            {
                throw new InvalidOperationException($"Column '{column.Name}' was not requested from the cursor.");
            }

            Delegate getter = column.Index switch
            {
                0 => (ValueGetter<bool>)((ref bool label) => label = view._labels[(int)_position]),
                1 => (ValueGetter<VBuffer<float>>)GetFeatures,
                _ => throw new ArgumentOutOfRangeException(nameof(column), column.Index, "The view has two columns."),
            };
            return getter as ValueGetter<TValue>
                ?? throw new InvalidOperationException($"Column '{column.Name}' is not of type {typeof(TValue).Name}.");
        }

        private void GetFeatures(ref VBuffer<float> features)
        {
            var row = view._table.Row((int)_position);
            var editor = VBufferEditor.Create(ref features, row.Length);
            for (var j = 0; j < row.Length; j++)
            {
                editor.Values[j] = (float)row[j];
            }

            features = editor.Commit();
        }
    }
}
