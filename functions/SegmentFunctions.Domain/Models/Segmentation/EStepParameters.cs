namespace SegmentFunctions.Domain.Models.Segmentation;

/// <summary>
/// The per-component quantities of the VB E-step (PRML 10.46 with 10.64-10.66):
/// ln ρ_nk = Constants_k - ½ ‖A_k x_n - a_k‖², with A_k = √ν_k P_k (W_k = P_kᵀ P_k, P_k lower triangular),
/// a_k = A_k m_k and Constants_k = E[ln π_k] + ½ E[ln |Λ_k|] - d/2 ln 2π - d / (2 β_k).
/// </summary>
internal sealed class EStepParameters
{
    public EStepParameters(int components, int dimension)
    {
        Components = components;
        Dimension = dimension;
        Factors = new double[components * dimension * dimension];
        Offsets = new double[components * dimension];
        Means = new double[components * dimension];
        Constants = new double[components];
    }

    public int Components { get; }
    public int Dimension { get; }
    public double[] Factors { get; }
    public double[] Offsets { get; }
    public double[] Means { get; }
    public double[] Constants { get; }
}
