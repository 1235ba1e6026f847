using SegmentFunctions.Domain.Models;
using SegmentFunctions.Domain.Models.Lifetime;
using SegmentFunctions.Domain.Events;
using SegmentFunctions.Domain.Features;

namespace SegmentFunctions.Domain.Training;

/// <summary>
/// One customer's row of <see cref="FeatureNames.All"/> as of time T. Purchase statistics use only purchase days
/// known at T (<see cref="AsOfDays"/>); counts and totals are the document's, so for training the document must be a
/// snapshot taken at T (<see cref="TrainingTableBuilder"/> enforces it). Every value is finite.
/// </summary>
public static class TrainingRowFeaturizer
{
    private static readonly string SessionStart = EventType.SessionStart.ToWireName();
    private static readonly string PageView = EventType.PageView.ToWireName();
    private static readonly string ProductView = EventType.ProductView.ToWireName();
    private static readonly string AddToCart = EventType.AddToCart.ToWireName();
    private static readonly string EmailOpen = EventType.EmailOpen.ToWireName();
    private static readonly string EmailClick = EventType.EmailClick.ToWireName();
    private static readonly string SupportContact = EventType.SupportContact.ToWireName();

    private const double WeeksPerYear = 52;
    private const double RatePriorEvents = 0.5;
    private const double RatePriorWeeks = 2;
    private const double MinActiveWeeks = 13;
    private const double CartPriorSessions = 5;
    private const double CartPriorPerSession = 0.5;
    private const double ClickPriorOpens = 5;
    private const double ClickPriorPerOpen = 0.2;

    /// <summary>
    /// The version of what a row means. Rows are stored (in snapshots) and used in place of featurizing again only
    /// while their version is this one: bump it with any change to a row's values, columns or their order.
    /// </summary>
    public const int Version = 1;

    public static int Width => FeatureNames.All.Count;

    /// <summary>Whether the customer existed at T (first seen before it); rows exist only for such customers.</summary>
    public static bool IsKnownAt(CustomerFeatures features, DateTimeOffset asOf) =>
        features.FirstSeenAt is { } first && first < asOf;

    /// <summary>Fills <paramref name="row"/>; <paramref name="imputed"/>[j] is set when column j was imputed.</summary>
    /// <exception cref="ArgumentException">The customer was not seen before T, or a span has the wrong width.</exception>
    public static void Featurize(CustomerFeatures features, DateTimeOffset asOf, LifetimeTimeUnit unit, Span<double> row, Span<bool> imputed)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (row.Length != Width || imputed.Length != Width)
        {
            throw new ArgumentException($"Row and imputed spans must have {Width} entries.", nameof(row));
        }

        if (!IsKnownAt(features, asOf))
        {
            throw new ArgumentException($"Customer '{features.CustomerId}' was not seen before {asOf:O}; it has no row as of then.", nameof(features));
        }

        imputed.Clear();
        var firstSeen = features.FirstSeenAt!.Value;
        var unitDays = unit.Days();
        var tenureDays = (asOf - firstSeen).TotalDays;

        // Purchase days known at T: x, t_x, T as in Fader, Hardie & Lee (2005), one purchase per day at most.
        int knownDays = 0;
        DateOnly firstDay = default, lastDay = default;
        decimal firstDayAmount = 0, repeatAmount = 0;
        foreach (var day in features.PurchaseDays)
        {
            if (!AsOfDays.IsKnownAt(day.Date, asOf))
            {
                continue;
            }

            if (knownDays == 0)
            {
                firstDay = day.Date;
                firstDayAmount = day.Amount;
            }
            else
            {
                repeatAmount += day.Amount;
            }

            lastDay = day.Date;
            knownDays++;
        }

        var x = Math.Max(0, knownDays - 1);
        var i = 0;
        if (knownDays > 0)
        {
            var firstStart = AsOfDays.StartOf(firstDay);
            var ageDays = (asOf - firstStart).TotalDays;
            row[i++] = (asOf - AsOfDays.StartOf(lastDay)).TotalDays;
            row[i++] = 1;
            row[i++] = x;
            row[i] = x > 0 ? (double)(repeatAmount / x) : (double)firstDayAmount;
            imputed[i++] = x == 0;
            row[i++] = tenureDays;
            row[i++] = (lastDay.DayNumber - firstDay.DayNumber) / unitDays;
            row[i++] = ageDays / unitDays;
        }
        else
        {
            row[i] = tenureDays;
            imputed[i++] = true;
            row[i++] = 0;
            row[i++] = 0;
            row[i] = 0;
            imputed[i++] = true;
            row[i++] = tenureDays;
            row[i] = 0;
            imputed[i++] = true;
            row[i] = tenureDays / unitDays;
            imputed[i++] = true;
        }

        row[i++] = (double)features.Revenue;
        row[i++] = features.Orders;
        if (knownDays >= 2)
        {
            row[i++] = (double)(lastDay.DayNumber - firstDay.DayNumber) / (knownDays - 1);
        }
        else
        {
            row[i] = knownDays == 1 ? (asOf - AsOfDays.StartOf(firstDay)).TotalDays : tenureDays;
            imputed[i++] = true;
        }

        var sessions = features.Count(SessionStart);
        row[i++] = sessions;
        i = Ratio(row, imputed, i, features.Count(PageView) + features.Count(ProductView), sessions, whenUndefined: 0);
        var carts = features.Count(AddToCart);
        if (carts > 0)
        {
            row[i++] = Math.Min(1.0, (double)features.Orders / carts);
        }
        else
        {
            row[i] = features.Orders > 0 ? 1 : 0;
            imputed[i++] = true;
        }

        var opens = features.Count(EmailOpen);
        row[i++] = opens;
        i = Ratio(row, imputed, i, features.Count(EmailClick), opens, whenUndefined: 0);
        i = Ratio(row, imputed, i, features.Refunds, features.Orders, whenUndefined: 0);
        row[i++] = features.Count(SupportContact);

        // Gamma-Poisson posterior means (e.g. Gelman et al., BDA 3rd ed., §2.6): rates that do not grow with tenure and
        // ratios that stay continuous for customers with few events; the priors are documented in FeatureNames. Rates
        // are per week of the active span (first to last seen, at least MinActiveWeeks or the whole tenure if shorter):
        // a lapsed customer who stopped visiting keeps the visit and open rates it had while engaged, so the rates
        // describe its kind rather than its lifecycle (recency and decayed activity show the lapse).
        var activeDays = features.LastSeenAt is { } lastSeen && lastSeen < asOf ? (lastSeen - firstSeen).TotalDays : tenureDays;
        var weeks = Math.Min(tenureDays, Math.Max(MinActiveWeeks * 7, activeDays)) / 7;
        row[i++] = WeeksPerYear * (sessions + RatePriorEvents) / (weeks + RatePriorWeeks);
        row[i++] = WeeksPerYear * (opens + RatePriorEvents) / (weeks + RatePriorWeeks);
        row[i++] = (carts + CartPriorSessions * CartPriorPerSession) / (sessions + CartPriorSessions);
        row[i++] = (features.Count(EmailClick) + ClickPriorOpens * ClickPriorPerOpen) / (opens + ClickPriorOpens);

        var decay = features.Decay;
        var factorDays = decay.AsOf is { } at ? (asOf - at).TotalDays : 0;
        foreach (var sums in new[] { decay.Activity, decay.Spend })
        {
            foreach (var h in FeatureNames.DecayHalfLivesDays)
            {
                var k = Array.IndexOf(decay.HalfLivesDays, h);
                if (decay.AsOf is null || k < 0 || k >= sums.Length)
                {
                    row[i] = 0;
                    imputed[i++] = decay.AsOf is not null;
                    continue;
                }

                // S(T) = S(AsOf) * 2^(-(T - AsOf)/h): the decay of DecayedActivity carried forward to T.
                row[i++] = sums[k] * Math.Pow(2.0, -factorDays / h);
            }
        }

        for (var j = 0; j < row.Length; j++)
        {
            if (!double.IsFinite(row[j]))
            {
                throw new NonFiniteFeatureException(features.CustomerId, FeatureNames.All[j], row[j]);
            }
        }
    }

    private static int Ratio(Span<double> row, Span<bool> imputed, int i, long numerator, long denominator, double whenUndefined)
    {
        if (denominator > 0)
        {
            row[i] = (double)numerator / denominator;
        }
        else
        {
            row[i] = whenUndefined;
            imputed[i] = true;
        }

        return i + 1;
    }
}
