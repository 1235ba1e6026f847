using SegmentFunctions.Domain.Models.Lifetime;

namespace SegmentFunctions.Cli.Report;

/// <summary>
/// P(alive | x, t_x, T) of a BG/NBD model, drawn over repeat purchases x in [0, MaxFrequency] and time of last
/// purchase t_x in [0, Age] for customers of a fixed age T = <see cref="Age"/>, in <see cref="TimeUnit"/>.
/// </summary>
internal sealed record AliveSurface(
    Func<int, double, double, double> ProbabilityAlive,
    double Age,
    int MaxFrequency,
    LifetimeTimeUnit TimeUnit)
{
    public static AliveSurface FromModel(BgNbdModel model, double age, int maxFrequency)
    {
        ArgumentNullException.ThrowIfNull(model);
        return new AliveSurface(model.ProbabilityAlive, age, maxFrequency, model.TimeUnit);
    }
}
