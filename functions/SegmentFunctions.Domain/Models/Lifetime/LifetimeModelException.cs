namespace SegmentFunctions.Domain.Models.Lifetime;

/// <summary>
/// A lifetime model cannot be fitted or evaluated on the given data (no customers, no repeat buyers, a parameter
/// running off to infinity, a quantity the fitted parameters leave undefined); the message says which and why.
/// </summary>
public sealed class LifetimeModelException : Exception
{
    public LifetimeModelException(string message)
        : base(message)
    {
    }
}
