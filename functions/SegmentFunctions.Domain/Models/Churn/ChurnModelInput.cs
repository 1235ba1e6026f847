using Microsoft.ML.Data;

namespace SegmentFunctions.Domain.Models.Churn;

/// <summary>ML.NET row: the features as a vector whose size is set at run time by the schema.</summary>
internal sealed class ChurnModelInput
{
    public bool Label { get; set; }

    [VectorType]
    public float[] Features { get; set; } = [];
}
