using System.Diagnostics.CodeAnalysis;

namespace SegmentFunctions.Domain.Events;

/// <summary>Either a validated event or the reason the body was rejected.</summary>
public readonly struct EventParseResult
{
    private EventParseResult(CustomerEvent? value, EventRejection? rejection)
    {
        Event = value;
        Rejection = rejection;
    }

    public CustomerEvent? Event { get; }
    public EventRejection? Rejection { get; }

    [MemberNotNullWhen(true, nameof(Event))]
    [MemberNotNullWhen(false, nameof(Rejection))]
    public bool IsValid => Event is not null;

    public static EventParseResult Valid(CustomerEvent value) => new(value, null);
    public static EventParseResult Rejected(string code, string message) => new(null, new EventRejection(code, message));
}
