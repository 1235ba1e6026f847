namespace SegmentFunctions.Domain.Models.Lifetime;

/// <summary>The unit of t_x, T and model time: BG/NBD's alpha and every horizon are in this unit.</summary>
public enum LifetimeTimeUnit
{
    Day,
    Week,
}
