using System.Globalization;

namespace SegmentFunctions.Domain.Transactions;

/// <summary>
/// What a read found: data rows, purchases, and rows that are not purchases. The rule: a negative amount is a return or
/// refund, which is not a purchase (BG/NBD would count a repeat purchase that did not happen); a missing amount cannot
/// be told apart from a cancelled line, so it is not one either. Such rows are skipped and counted, and the first is
/// named, so a reader can check them. A zero amount is a purchase without spend (a free item, a voucher): it counts as
/// a purchase occasion, as in the published CDNOW summaries, and adds nothing to the spend.
/// </summary>
public sealed class TransactionTally
{
    public long Rows { get; private set; }

    public long Purchases => Rows - NotPurchases;

    /// <summary>Rows skipped because their amount is missing or negative.</summary>
    public long NotPurchases { get; private set; }

    /// <summary>Where the first skipped row is ("line 12", "row 12"); null when none was skipped.</summary>
    public string? FirstNotPurchase { get; private set; }

    /// <summary>The documented rule: a purchase has an amount, zero or more.</summary>
    public static bool IsPurchase(decimal? amount) => amount >= 0;

    /// <summary>Counts one data row; true when it is a purchase.</summary>
    public bool Count(decimal? amount, Func<string> where)
    {
        ArgumentNullException.ThrowIfNull(where);
        Rows++;
        if (IsPurchase(amount))
        {
            return true;
        }

        NotPurchases++;
        FirstNotPurchase ??= where();
        return false;
    }

    /// <summary>A sentence for reports, or null when every row was a purchase.</summary>
    public string? Warning() => NotPurchases == 0
        ? null
        : string.Create(
            CultureInfo.InvariantCulture,
            $"{NotPurchases:N0} of {Rows:N0} rows have a missing or negative amount and were skipped (returns are not purchases); the first is {FirstNotPurchase}.");
}
