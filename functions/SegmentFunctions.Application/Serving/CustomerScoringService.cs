using Microsoft.Extensions.Options;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Domain.Features;
using SegmentFunctions.Domain.Training;

namespace SegmentFunctions.Application.Serving;

/// <summary>
/// Scores customers live: a serving read of the current feature document (without its processing state), scored by
/// the given serving model as of now, so scores move with every event. The caller reads <see cref="ServingModelHolder.Current"/> once and passes it in,
/// which keeps a request (a batch included) on one model version.
/// </summary>
public sealed class CustomerScoringService(IFeatureStore store, TimeProvider clock, IOptions<ServingOptions> options)
{
    private readonly int _batchConcurrency = options.Value.BatchConcurrency;

    public async Task<CustomerScoreOutcome> ScoreAsync(ServingModel model, string customerId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        var features = await store.ReadFeaturesAsync(customerId, cancellationToken).ConfigureAwait(false);
        return features is null ? CustomerScoreOutcome.Unknown(customerId) : Score(model, features, explain: true);
    }

    /// <summary>
    /// One concurrent round of point reads (at most <see cref="ServingOptions.BatchConcurrency"/> in flight), results
    /// in the order of <paramref name="customerIds"/>. Drivers are left out: they cost most of a score and a bulk caller
    /// does not show them.
    /// </summary>
    public async Task<CustomerScoreOutcome[]> ScoreManyAsync(ServingModel model, IReadOnlyList<string> customerIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(customerIds);
        var outcomes = new CustomerScoreOutcome[customerIds.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _batchConcurrency, CancellationToken = cancellationToken };
        await Parallel.ForAsync(0, customerIds.Count, parallel, async (i, token) =>
        {
            var features = await store.ReadFeaturesAsync(customerIds[i], token).ConfigureAwait(false);
            outcomes[i] = features is null ? CustomerScoreOutcome.Unknown(customerIds[i]) : Score(model, features, explain: false);
        }).ConfigureAwait(false);
        return outcomes;
    }

    private CustomerScoreOutcome Score(ServingModel model, CustomerFeatures features, bool explain)
    {
        // A document can run ahead of this clock (events stamped by a client whose clock is fast): score it just after
        // its last event rather than refuse it.
        var now = clock.GetUtcNow();
        var asOf = features.LastSeenAt is { } last && last >= now ? last.AddSeconds(1) : now;
        try
        {
            return new CustomerScoreOutcome(features.CustomerId, model.Scorer.Score(features, asOf, explain), null);
        }
        catch (Exception e) when (e is ArgumentException or NonFiniteFeatureException)
        {
            return new CustomerScoreOutcome(features.CustomerId, null, e.Message);
        }
    }
}
