namespace SegmentFunctions.Application.Tests.Storage;

/// <summary>
/// A clock that moves only when told: timers (Task.Delay on this provider) fire when time is advanced past them, so
/// retry backoff and lease expiry take no real time. It keeps every delay requested, for backoff assertions.
/// </summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _lock = new();
    private readonly List<ManualTimer> _timers = [];
    private readonly List<TimeSpan> _requested = [];
    private DateTimeOffset _now = start;

    public static DateTimeOffset Epoch { get; } = new(2026, 11, 1, 6, 0, 0, TimeSpan.Zero);

    public IReadOnlyList<TimeSpan> RequestedDelays
    {
        get
        {
            lock (_lock)
            {
                return [.. _requested];
            }
        }
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
        {
            return _now;
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        DateTimeOffset target;
        lock (_lock)
        {
            target = _now + by;
        }

        while (FireNext(target))
        {
        }

        lock (_lock)
        {
            _now = target;
        }
    }

    /// <summary>
    /// Awaits <paramref name="task"/>, moving time to the next timer whenever the task is waiting (polled), so code
    /// that sleeps on this clock runs to completion at once.
    /// </summary>
    public async Task<T> DriveAsync<T>(Task<T> task)
    {
        for (var step = 0; step < 10_000 && !task.IsCompleted; step++)
        {
            await Task.WhenAny(task, Task.Delay(5));
            if (!task.IsCompleted)
            {
                FireNext(DateTimeOffset.MaxValue);
            }
        }

        return task.IsCompleted ? await task : throw new TimeoutException("The task did not complete while the clock was driven.");
    }

    private bool FireNext(DateTimeOffset limit)
    {
        ManualTimer? next;
        lock (_lock)
        {
            next = _timers.Where(t => t.Due <= limit).MinBy(t => t.Due);
            if (next is null)
            {
                return false;
            }

            _now = next.Due > _now ? next.Due : _now;
            _timers.Remove(next);
            if (next.Period > TimeSpan.Zero && next.Period != Timeout.InfiniteTimeSpan)
            {
                next.Due = _now + next.Period;
                _timers.Add(next);
            }
        }

        ThreadPool.QueueUserWorkItem(_ => next.Fire());
        return true;
    }

    private sealed class ManualTimer(ManualClock clock, TimerCallback callback, object? state) : ITimer
    {
        public DateTimeOffset Due { get; set; }

        public TimeSpan Period { get; private set; }

        public void Fire() => callback(state);

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (clock._lock)
            {
                clock._timers.Remove(this);
                Period = period;
                if (dueTime != Timeout.InfiniteTimeSpan)
                {
                    clock._requested.Add(dueTime);
                    Due = clock._now + dueTime;
                    clock._timers.Add(this);
                }
            }

            return true;
        }

        public void Dispose()
        {
            lock (clock._lock)
            {
                clock._timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
