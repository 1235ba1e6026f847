using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SegmentFunctions.Domain.Events;

namespace SegmentFunctions.Domain.Features;

/// <summary>
/// Folds events into one customer's <see cref="CustomerFeatures"/> document, in place. Every field is a commutative,
/// idempotent merge of the customer's distinct events (sums, minima and maxima, lattice joins, sets bounded by a total
/// order), so the document does not depend on event order, batching or repetition; duplicates are recognised by
/// <see cref="DedupeKeys"/> within the horizon of <see cref="FeatureFoldSettings.DedupeHorizon"/>.
/// Apply the events, then call <see cref="Complete"/> before storing the document.
/// </summary>
public sealed class CustomerFeaturesFolder
{
    private readonly CustomerFeatures features;
    private readonly FeatureFoldSettings settings;
    private readonly RecentKeySet recent;
    private bool purchaseDaysChanged;

    public CustomerFeaturesFolder(CustomerFeatures features, FeatureFoldSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (features.SchemaVersion > CustomerFeatures.CurrentSchemaVersion)
        {
            throw new ArgumentException(
                $"Feature document of customer '{features.CustomerId}' has schema version {features.SchemaVersion}; this code folds up to {CustomerFeatures.CurrentSchemaVersion}.",
                nameof(features));
        }

        this.features = features;
        this.settings = settings ?? FeatureFoldSettings.Default;
        recent = features.Processing.RecentKeys;
        recent.Trim(this.settings.DedupeHorizon, this.settings.MaxRecentKeys);
    }

    public CustomerFeatures Features => features;

    /// <summary>Folds every event of one customer into a new document and completes it.</summary>
    public static CustomerFeatures Fold(string customerId, IEnumerable<CustomerEvent> events, FeatureFoldSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(events);
        var folder = new CustomerFeaturesFolder(new CustomerFeatures { CustomerId = customerId }, settings);
        foreach (var e in events)
        {
            folder.Apply(e);
        }

        return folder.Complete();
    }

    /// <summary>Whether the event's dedupe key is among the recently applied ones.</summary>
    public bool IsDuplicate(CustomerEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return recent.Contains(RecentKey.Of(e));
    }

    public FoldOutcome Apply(CustomerEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (!string.Equals(e.CustomerId, features.CustomerId, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Event '{e.Id}' belongs to customer '{e.CustomerId}', not '{features.CustomerId}'.", nameof(e));
        }

        var at = e.Timestamp.ToUniversalTime();
        var addition = recent.TryAdd(RecentKey.Of(e), settings.DedupeHorizon, settings.MaxRecentKeys);
        if (addition == RecentKeyAddition.Present)
        {
            return FoldOutcome.Duplicate;
        }

        Increment(features.EventCounts, e.Type.ToWireName(), 1, int.MaxValue);
        features.FirstSeenAt = Min(features.FirstSeenAt, at);
        features.LastSeenAt = Max(features.LastSeenAt, at);
        if (e.Channel is not null)
        {
            Increment(features.Channels, e.Channel, 1, settings.MaxChannels);
        }

        var spend = 0.0;
        switch (e.Type)
        {
            case EventType.Purchase:
                ApplyPurchase(e, at);
                spend = (double)e.Amount.GetValueOrDefault();
                break;
            case EventType.Refund:
                features.Refunds++;
                features.RefundAmount += e.Amount.GetValueOrDefault();
                break;
        }

        features.Decay.Add(at, 1.0, spend);
        return addition == RecentKeyAddition.Added ? FoldOutcome.Applied : FoldOutcome.AppliedUnchecked;
    }

    /// <summary>Recomputes the derived fields (gap statistics) and stamps the schema version; returns the document.</summary>
    public CustomerFeatures Complete()
    {
        if (purchaseDaysChanged || (features.InterPurchaseGaps is null && features.PurchaseDays.Count > 1))
        {
            features.InterPurchaseGaps = GapStatisticsCalculator.Compute(features.PurchaseDays);
            purchaseDaysChanged = false;
        }

        features.SchemaVersion = CustomerFeatures.CurrentSchemaVersion;
        return features;
    }

    private void ApplyPurchase(CustomerEvent e, DateTimeOffset at)
    {
        var amount = e.Amount.GetValueOrDefault();
        features.Orders++;
        features.Revenue += amount;

        // Currency is the lattice join of (timestamp, currency): the latest purchase's, ordinal maximum on ties.
        if (features.LastPurchaseAt is not { } last || at > last
            || (at == last && string.CompareOrdinal(e.Currency, features.Currency) > 0))
        {
            features.Currency = e.Currency;
        }

        features.FirstPurchaseAt = Min(features.FirstPurchaseAt, at);
        features.LastPurchaseAt = Max(features.LastPurchaseAt, at);

        if (e.Items is { } items)
        {
            foreach (var item in items)
            {
                features.ItemsPurchased += item.Quantity;
                if (item.Category is not null)
                {
                    Increment(features.Categories, item.Category, item.Quantity, settings.MaxCategories);
                }
            }
        }

        AddPurchaseDay(DateOnly.FromDateTime(at.UtcDateTime), amount);
    }

    /// <summary>Keeps the <see cref="FeatureFoldSettings.MaxPurchaseDays"/> latest dates; a date below a full list is beyond it.</summary>
    private void AddPurchaseDay(DateOnly date, decimal amount)
    {
        var days = features.PurchaseDays;
        int lo = 0, hi = days.Count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var cmp = days[mid].Date.CompareTo(date);
            if (cmp == 0)
            {
                days[mid] = days[mid] with { Amount = days[mid].Amount + amount, Orders = days[mid].Orders + 1 };
                return;
            }

            if (cmp < 0) lo = mid + 1;
            else hi = mid - 1;
        }

        if (days.Count >= settings.MaxPurchaseDays && lo == 0)
        {
            return;
        }

        days.Insert(lo, new PurchaseDay(date, amount, 1));
        if (days.Count > settings.MaxPurchaseDays)
        {
            days.RemoveAt(0);
        }

        purchaseDaysChanged = true;
    }

    /// <summary>Adds to a bounded count map; when full, the entry with the smallest count (ordinal greatest name on ties) makes room.</summary>
    private static void Increment(Dictionary<string, long> counts, string name, long amount, int capacity)
    {
        ref var slot = ref CollectionsMarshal.GetValueRefOrNullRef(counts, name);
        if (!Unsafe.IsNullRef(ref slot))
        {
            slot += amount;
            return;
        }

        if (counts.Count >= capacity)
        {
            string? victim = null;
            var fewest = long.MaxValue;
            foreach (var (candidate, count) in counts)
            {
                if (count < fewest || (count == fewest && string.CompareOrdinal(candidate, victim) > 0))
                {
                    victim = candidate;
                    fewest = count;
                }
            }

            counts.Remove(victim!);
        }

        counts[name] = amount;
    }

    private static DateTimeOffset Min(DateTimeOffset? current, DateTimeOffset at) => current is { } c && c <= at ? c : at;

    private static DateTimeOffset Max(DateTimeOffset? current, DateTimeOffset at) => current is { } c && c >= at ? c : at;
}
