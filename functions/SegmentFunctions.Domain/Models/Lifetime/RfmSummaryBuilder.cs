using SegmentFunctions.Domain.Features;
using SegmentFunctions.Domain.Transactions;

namespace SegmentFunctions.Domain.Models.Lifetime;

/// <summary>
/// Builds the calibration/holdout summary from transactions, with the conventions of the published CDNOW summary
/// (cdnow_customers_summary.csv, calibration end 1997-09-30):
/// <list type="bullet">
/// <item>purchases are counted per UTC calendar day, so same-day purchases are one purchase day;</item>
/// <item>the calibration end day is inclusive: purchases on 1997-09-30 are calibration purchases (13 CDNOW customers
/// buy that day, and the file counts them);</item>
/// <item>T runs from the first purchase day to the calibration end day, not to the day after: a customer first buying
/// on 1997-01-01 has T = 272 days = 38.86 weeks (to 1997-10-01 it would be 273 days = 39.00 weeks, which the file
/// does not have);</item>
/// <item>the holdout counts purchase days in (calibration end, holdout end]; customers whose first purchase is after
/// the calibration end are left out, and purchases after the holdout end are ignored.</item>
/// </list>
/// </summary>
public sealed class RfmSummaryBuilder
{
    private readonly DateOnly _calibrationEnd;
    private readonly DateOnly _holdoutEnd;
    private readonly LifetimeTimeUnit _unit;
    private readonly Dictionary<string, SortedDictionary<DateOnly, decimal>> _days = new(StringComparer.Ordinal);

    public RfmSummaryBuilder(DateOnly calibrationEnd, DateOnly holdoutEnd, LifetimeTimeUnit unit)
    {
        if (holdoutEnd < calibrationEnd)
        {
            throw new ArgumentException(
                $"The holdout end {holdoutEnd:yyyy-MM-dd} is before the calibration end {calibrationEnd:yyyy-MM-dd}.",
                nameof(holdoutEnd));
        }

        _calibrationEnd = calibrationEnd;
        _holdoutEnd = holdoutEnd;
        _unit = unit;
    }

    /// <summary>Summarises a whole transaction stream in one call.</summary>
    public static RfmSummary Build(
        IEnumerable<Transaction> transactions, DateOnly calibrationEnd, DateOnly holdoutEnd, LifetimeTimeUnit unit)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        var builder = new RfmSummaryBuilder(calibrationEnd, holdoutEnd, unit);
        foreach (var transaction in transactions)
        {
            builder.Add(transaction);
        }

        return builder.ToSummary();
    }

    public static async Task<RfmSummary> BuildAsync(
        IAsyncEnumerable<Transaction> transactions,
        DateOnly calibrationEnd,
        DateOnly holdoutEnd,
        LifetimeTimeUnit unit,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        var builder = new RfmSummaryBuilder(calibrationEnd, holdoutEnd, unit);
        await foreach (var transaction in transactions.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            builder.Add(transaction);
        }

        return builder.ToSummary();
    }

    /// <summary>
    /// The summary of one customer from its purchase days (date, day total; any order, one entry per day), or null
    /// when the customer had not bought by the calibration end.
    /// </summary>
    public static CustomerRfm? Summarise(
        string customerId,
        IEnumerable<KeyValuePair<DateOnly, decimal>> purchaseDays,
        DateOnly calibrationEnd,
        DateOnly holdoutEnd,
        LifetimeTimeUnit unit)
    {
        ArgumentNullException.ThrowIfNull(purchaseDays);
        DateOnly? first = null;
        var last = default(DateOnly);
        var firstValue = 0m;
        var repeatDays = 0;
        var repeatTotal = 0m;
        var holdoutDays = 0;
        foreach (var (day, amount) in purchaseDays.OrderBy(d => d.Key))
        {
            if (day > holdoutEnd)
            {
                break;
            }

            if (day > calibrationEnd)
            {
                holdoutDays++;
            }
            else if (first is null)
            {
                first = day;
                last = day;
                firstValue = amount;
            }
            else
            {
                repeatDays++;
                repeatTotal += amount;
                last = day;
            }
        }

        if (first is not { } firstDay)
        {
            return null;
        }

        return new CustomerRfm(
            customerId,
            repeatDays,
            unit.Between(firstDay, last),
            unit.Between(firstDay, calibrationEnd),
            repeatDays == 0 ? 0.0 : (double)(repeatTotal / repeatDays),
            (double)firstValue,
            holdoutDays);
    }

    /// <summary>The summary of one customer from the purchase days of its feature document.</summary>
    public static CustomerRfm? Summarise(
        string customerId,
        IEnumerable<PurchaseDay> purchaseDays,
        DateOnly calibrationEnd,
        DateOnly holdoutEnd,
        LifetimeTimeUnit unit)
    {
        ArgumentNullException.ThrowIfNull(purchaseDays);
        return Summarise(
            customerId,
            purchaseDays.Select(d => KeyValuePair.Create(d.Date, d.Amount)),
            calibrationEnd,
            holdoutEnd,
            unit);
    }

    public void Add(Transaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var day = transaction.Day;
        if (day > _holdoutEnd)
        {
            return;
        }

        if (!_days.TryGetValue(transaction.CustomerId, out var days))
        {
            days = [];
            _days.Add(transaction.CustomerId, days);
        }

        days[day] = days.GetValueOrDefault(day) + transaction.Amount;
    }

    /// <summary>The summary so far, customers in ordinal id order (so that fits do not depend on input order).</summary>
    public RfmSummary ToSummary()
    {
        var customers = new List<CustomerRfm>(_days.Count);
        foreach (var (customerId, days) in _days.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            if (Summarise(customerId, days, _calibrationEnd, _holdoutEnd, _unit) is { } customer)
            {
                customers.Add(customer);
            }
        }

        return new RfmSummary(_calibrationEnd, _holdoutEnd, _unit, customers);
    }
}
