namespace SegmentFunctions.Domain.Training;

/// <summary>Unit of the BG/NBD statistics t_x and T in a training table.</summary>
public enum BgNbdTimeUnit
{
    Day,
    Week,
}
