using Microsoft.Extensions.Logging;
using SegmentFunctions.Application.Ports;

namespace SegmentFunctions.Application.Erasure;

/// <summary>
/// Erases a customer: the suppression is recorded first and the feature document deleted second, so a crash in between
/// leaves a suppressed customer whose document the next erasure (or nothing, since the featurizer no longer writes it)
/// removes, never a deleted document that a replayed event recreates.
/// </summary>
public sealed partial class CustomerEraser(
    ISuppressionList suppressions, IFeatureStore store, TimeProvider clock, ILogger<CustomerEraser> logger)
{
    /// <returns>True when a feature document existed and was deleted.</returns>
    public async Task<bool> EraseAsync(string customerId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(customerId);
        await suppressions.AddAsync(customerId, clock.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        var deleted = await store.DeleteAsync(customerId, cancellationToken).ConfigureAwait(false);
        LogErased(logger, customerId, deleted);
        return deleted;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Erased customer {CustomerId} (feature document deleted: {Deleted}); the id is suppressed")]
    private static partial void LogErased(ILogger logger, string customerId, bool deleted);
}
