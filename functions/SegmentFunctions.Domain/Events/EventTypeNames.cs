using System.Collections.Frozen;

namespace SegmentFunctions.Domain.Events;

/// <summary>The wire names of <see cref="EventType"/> in contract v1.</summary>
public static class EventTypeNames
{
    private static readonly string[] Names =
    [
        "session_start", "page_view", "product_view", "add_to_cart", "remove_from_cart", "checkout_start",
        "purchase", "refund", "email_open", "email_click", "support_contact",
    ];

    private static readonly FrozenDictionary<string, EventType> ByName =
        Names.Select((name, i) => (name, type: (EventType)i)).ToFrozenDictionary(p => p.name, p => p.type, StringComparer.Ordinal);

    public static IReadOnlyList<string> All => Names;

    public static string ToWireName(this EventType type) => Names[(int)type];

    public static bool TryParse(string? name, out EventType type) =>
        ByName.TryGetValue(name ?? string.Empty, out type);
}
