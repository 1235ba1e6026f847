using Microsoft.Extensions.Logging;
using SegmentFunctions.Application.Ports;

namespace SegmentFunctions.Application.Erasure;

/// <summary>
/// Erases a customer: the suppression is recorded first, then the feature document and the customer's dead letters
/// are deleted, so a crash in between leaves a suppressed customer whose remains the next erasure removes, never a
/// deleted document that a replayed event recreates. From the suppression on, the featurizer skips the customer's
/// events (counted as suppressed), and batch-score reads and audiences leave the customer out until the next batch
/// scoring, whose snapshot no longer holds it. What erasure cannot reach is listed in docs/exactly-once.md.
/// </summary>
public sealed partial class CustomerEraser(
    ISuppressionList suppressions, IFeatureStore store, IDeadLetterArchive deadLetters, TimeProvider clock, ILogger<CustomerEraser> logger)
{
    /// <returns>True when a feature document existed and was deleted.</returns>
    public async Task<bool> EraseAsync(string customerId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(customerId);
        await suppressions.AddAsync(customerId, clock.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        var deleted = await store.DeleteAsync(customerId, cancellationToken).ConfigureAwait(false);
        var letters = await deadLetters.DeleteCustomerAsync(customerId, cancellationToken).ConfigureAwait(false);
        LogErased(logger, customerId, deleted, letters);
        return deleted;
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Erased customer {CustomerId} (feature document deleted: {Deleted}, dead letters deleted: {DeadLetters}); the id is suppressed")]
    private static partial void LogErased(ILogger logger, string customerId, bool deleted, int deadLetters);
}
