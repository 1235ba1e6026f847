namespace SegmentFunctions.Application.Ports;

/// <summary>An exclusive, expiring lease on one blob; disposing releases it.</summary>
public interface IBlobLease : IAsyncDisposable
{
    string Path { get; }
    string LeaseId { get; }

    /// <summary>Extends the lease; throws <see cref="LeaseLostException"/> when it was lost (expired and taken).</summary>
    Task RenewAsync(CancellationToken cancellationToken);

    Task ReleaseAsync(CancellationToken cancellationToken);
}
