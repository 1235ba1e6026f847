using Microsoft.ML;
using Microsoft.ML.Data;
using SegmentFunctions.Domain.Training;

namespace SegmentFunctions.Domain.Models.Churn;

/// <summary>Turns tables into ML.NET data views of <see cref="ChurnModelInput"/> with a fixed feature-vector size.</summary>
internal static class ChurnModelData
{
    public static SchemaDefinition Schema(int features)
    {
        var schema = SchemaDefinition.Create(typeof(ChurnModelInput));
        schema[nameof(ChurnModelInput.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, features);
        return schema;
    }

    public static IDataView Load(MLContext ml, TrainingTable table, IReadOnlyList<bool>? labels)
    {
        var rows = new ChurnModelInput[table.RowCount];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = new ChurnModelInput { Label = labels?[i] ?? false, Features = ToSingle(table.Row(i)) };
        }

        return ml.Data.LoadFromEnumerable(rows, Schema(table.ColumnCount));
    }

    public static float[] ToSingle(ReadOnlySpan<double> row)
    {
        var features = new float[row.Length];
        for (var j = 0; j < row.Length; j++)
        {
            features[j] = (float)row[j];
        }

        return features;
    }
}
