namespace SegmentFunctions.Features;

/// <summary>What a customer id in a URL must look like before it is used as a point-read key.</summary>
public static class CustomerIdRules
{
    /// <summary>Cosmos DB ids and partition keys are limited in length; longer ids can never exist.</summary>
    public const int MaxLength = 256;

    /// <summary>Why <paramref name="id"/> is not a valid customer id, or null when it is.</summary>
    public static string? Problem(string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return "The customer id is empty.";
        }

        if (id.Length > MaxLength)
        {
            return $"The customer id is {id.Length} characters long; at most {MaxLength} are allowed.";
        }

        return id.Any(char.IsControl) ? "The customer id contains control characters." : null;
    }
}
