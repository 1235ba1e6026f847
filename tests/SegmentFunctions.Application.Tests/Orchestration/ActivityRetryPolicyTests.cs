using SegmentFunctions.Application.Orchestration;

namespace SegmentFunctions.Application.Tests.Orchestration;

public sealed class ActivityRetryPolicyTests
{
    [Fact]
    public void Delays_grow_by_the_backoff_coefficient_up_to_the_maximum()
    {
        var policy = new ActivityRetryPolicy
        {
            FirstRetryInterval = TimeSpan.FromSeconds(1),
            BackoffCoefficient = 3,
            MaxRetryInterval = TimeSpan.FromSeconds(20),
        };

        var delays = Enumerable.Range(1, 5).Select(policy.DelayBeforeRetry);

        Assert.Equal(new[] { 1.0, 3, 9, 20, 20 }.Select(TimeSpan.FromSeconds), delays);
    }

    [Theory]
    [InlineData(0, 1, 2.0, 60)]
    [InlineData(3, 10, 2.0, 5)]
    [InlineData(3, 1, 0.5, 60)]
    public void Out_of_range_settings_are_rejected(int attempts, int firstSeconds, double coefficient, int maxSeconds)
    {
        var policy = new ActivityRetryPolicy
        {
            MaxNumberOfAttempts = attempts,
            FirstRetryInterval = TimeSpan.FromSeconds(firstSeconds),
            BackoffCoefficient = coefficient,
            MaxRetryInterval = TimeSpan.FromSeconds(maxSeconds),
        };

        Assert.Throws<ArgumentException>(policy.Validate);
    }
}
