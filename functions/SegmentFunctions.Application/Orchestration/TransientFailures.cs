using SegmentFunctions.Application.Ports;

namespace SegmentFunctions.Application.Orchestration;

/// <summary>The default rule for which activity exceptions are worth retrying: store outages, time-outs and I/O.</summary>
public static class TransientFailures
{
    public static bool IsTransient(Exception exception) => exception is StoreUnavailableException
        or TimeoutException
        or IOException
        or HttpRequestException;
}
