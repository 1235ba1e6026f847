namespace SegmentFunctions.Domain.Models.Churn;

/// <summary>Churn risk bands of a calibrated probability: Low &lt; 0.30 &lt;= Medium &lt; 0.60 &lt;= High.</summary>
public enum RiskBand
{
    Low,
    Medium,
    High,
}
