namespace SegmentFunctions.Storage.Naming;

/// <summary>Queue names follow Azure Queue Storage's rules everywhere, so a name that works locally works in Azure.</summary>
internal static class QueueNames
{
    public static void Validate(string queueName)
    {
        ArgumentException.ThrowIfNullOrEmpty(queueName);
        var valid = queueName.Length is >= 3 and <= 63
            && char.IsAsciiLetterOrDigit(queueName[0])
            && char.IsAsciiLetterOrDigit(queueName[^1])
            && !queueName.Contains("--", StringComparison.Ordinal)
            && queueName.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');
        if (!valid)
        {
            throw new ArgumentException($"Queue name '{queueName}' must be 3-63 lowercase letters, digits and single hyphens.", nameof(queueName));
        }
    }
}
