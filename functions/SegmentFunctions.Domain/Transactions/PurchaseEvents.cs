using System.Globalization;
using SegmentFunctions.Domain.Events;

namespace SegmentFunctions.Domain.Transactions;

/// <summary>
/// A transaction as the purchase event of contract v1 a shop would have sent for it. Transaction files carry no event
/// or order ids, so both derive from the transaction's position in the file: unique, so the fold's de-duplication
/// keeps every purchase, and stable, so re-reading the file gives the same events.
/// </summary>
public static class PurchaseEvents
{
    /// <param name="index">Zero-based position of the transaction in its file.</param>
    public static CustomerEvent From(Transaction transaction, long index)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var key = index.ToString(CultureInfo.InvariantCulture);
        return new CustomerEvent
        {
            Id = "tx-" + key,
            Type = EventType.Purchase,
            CustomerId = transaction.CustomerId,
            Timestamp = transaction.Timestamp,
            OrderId = "order-" + key,
            Amount = transaction.Amount,
        };
    }
}
