namespace SegmentFunctions.Domain.Events;

/// <summary>
/// Stable reason codes of rejected events (docs/event-contract.md). Dead letters and logs carry them, so alerts and
/// queries can key on them: never rename one.
/// </summary>
public static class EventRejectionCodes
{
    public const string BodyTooLarge = "body_too_large";
    public const string MalformedJson = "malformed_json";
    public const string NotAnObject = "not_an_object";
    public const string DuplicateField = "duplicate_field";
    public const string MissingField = "missing_field";
    public const string WrongType = "wrong_type";
    public const string UnknownEventType = "unknown_event_type";
    public const string InvalidIdentifier = "invalid_identifier";

    /// <summary>A customer id that breaks <see cref="CustomerIdRule"/> beyond the identifier rules (e.g. holds a '/').</summary>
    public const string InvalidCustomerId = "invalid_customer_id";
    public const string InvalidCurrency = "invalid_currency";
    public const string InvalidTimestamp = "invalid_timestamp";
    public const string TimestampInFuture = "timestamp_in_future";
    public const string NegativeAmount = "negative_amount";
    public const string NegativeQuantity = "negative_quantity";
    public const string OutOfRange = "out_of_range";

    /// <summary>A valid event whose fold into its customer's document threw; the message names the exception type.</summary>
    public const string FoldFailed = "fold_failed";

    /// <summary>An event of a batch that failed the same way too many times in a row, dead-lettered with the whole batch.</summary>
    public const string BatchFailed = "batch_failed";
}
