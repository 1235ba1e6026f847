using System.Text;

namespace SegmentFunctions.Domain.Events;

/// <summary>
/// A small direct-mapped cache of accepted labels (channels, campaigns, categories, currencies) keyed by their UTF-8
/// bytes, so that the parser returns the same string instance for a repeated label instead of allocating one per
/// event. Labels have few distinct values in practice; a collision just replaces the slot. Slots are replaced whole
/// (a reference write is atomic), so concurrent parsers may share it without locks.
/// </summary>
internal static class LabelPool
{
    private const int Slots = 1024;

    /// <summary>Longer values are not pooled: they are rarely labels, and comparing them would cost more than it saves.</summary>
    private const int MaxPooledBytes = 64;

    private static readonly string?[] Entries = new string?[Slots];

    public static bool TryGet(ReadOnlySpan<byte> utf8, out string value)
    {
        if (utf8.Length is > 0 and <= MaxPooledBytes
            && Entries[SlotOf(utf8)] is { } entry
            && entry.Length == utf8.Length
            && Ascii.Equals(utf8, entry))
        {
            value = entry;
            return true;
        }

        value = string.Empty;
        return false;
    }

    /// <summary>Keeps an accepted ASCII label decoded from <paramref name="utf8"/>; other values are not pooled.</summary>
    public static void Add(ReadOnlySpan<byte> utf8, string value)
    {
        if (utf8.Length is > 0 and <= MaxPooledBytes && value.Length == utf8.Length && Ascii.IsValid(utf8))
        {
            Entries[SlotOf(utf8)] = value;
        }
    }

    private static int SlotOf(ReadOnlySpan<byte> utf8)
    {
        var hash = new HashCode();
        hash.AddBytes(utf8);
        return (int)((uint)hash.ToHashCode() % Slots);
    }
}
