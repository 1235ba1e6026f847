using SegmentFunctions.Domain.Scoring;

namespace SegmentFunctions.Application.Serving;

/// <summary>What scoring one customer gave: a score, an unknown customer, or a document the model cannot score.</summary>
public readonly record struct CustomerScoreOutcome(string CustomerId, CustomerScore? Score, string? Problem)
{
    public bool IsUnknown => Score is null && Problem is null;

    public static CustomerScoreOutcome Unknown(string customerId) => new(customerId, null, null);
}
