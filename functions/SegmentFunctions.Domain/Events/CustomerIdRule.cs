namespace SegmentFunctions.Domain.Events;

/// <summary>
/// The one rule for customer ids, shared by the event contract, the featurizer and every HTTP route: 1 to 256 UTF-16
/// characters, well-formed (no lone surrogate), no control character (U+0000-U+001F, U+007F-U+009F), not blank, and
/// none of <c>/ \ ? # %</c>. The first four are not allowed in a Cosmos DB id, and a route cannot carry a <c>/</c> in
/// a path segment (<c>%2F</c> reaches the app still encoded); Cosmos DB stores an id holding <c>%</c> but its point
/// reads, replaces and deletes of it fail (the id is unescaped once more on the way). An id holding any of them could
/// be stored but never read, scored or erased. Everything else is allowed: spaces, <c>+</c> and any other Unicode
/// character reach a route percent-encoded and are decoded back to the same id.
/// </summary>
public static class CustomerIdRule
{
    public const int MaxLength = 256;

    /// <summary>The characters an id may not hold beyond control characters.</summary>
    public const string ForbiddenCharacters = "/\\?#%";

    /// <summary>Why <paramref name="id"/> is not a valid customer id, or null when it is.</summary>
    public static string? Problem(string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return "The customer id is empty or blank.";
        }

        if (id.Length > MaxLength)
        {
            return $"The customer id is {id.Length} characters long; at most {MaxLength} are allowed.";
        }

        for (var i = 0; i < id.Length; i++)
        {
            var c = id[i];
            if (char.IsControl(c))
            {
                return $"The customer id contains the control character U+{(int)c:X4}.";
            }

            if (ForbiddenCharacters.Contains(c, StringComparison.Ordinal))
            {
                return $"The customer id contains '{c}', which a customer id may not hold (none of {ForbiddenCharacters}): the API could not address it.";
            }

            if (char.IsHighSurrogate(c) && i + 1 < id.Length && char.IsLowSurrogate(id[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return $"The customer id contains a lone surrogate U+{(int)c:X4}; it is not well-formed Unicode.";
            }
        }

        return null;
    }
}
