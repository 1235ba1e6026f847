namespace SegmentFunctions.Storage.Naming;

/// <summary>
/// A blob address "container/name". Containers follow Azure's naming rules (3-63 lowercase letters, digits, single
/// hyphens) in every implementation, so a path that works locally also works in Azure.
/// </summary>
public readonly record struct BlobPath(string Container, string Name)
{
    public override string ToString() => $"{Container}/{Name}";

    public static BlobPath Parse(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == path.Length - 1)
        {
            throw new ArgumentException($"Blob path '{path}' must be 'container/name'.", nameof(path));
        }

        var container = path[..slash];
        var name = path[(slash + 1)..];
        ValidateContainer(container, path);
        ValidateName(name, path);
        return new BlobPath(container, name);
    }

    /// <summary>Splits a listing prefix into its container and the name prefix within it ("runs" lists all of runs).</summary>
    public static (string Container, string NamePrefix) ParsePrefix(string prefix)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        var slash = prefix.IndexOf('/', StringComparison.Ordinal);
        var container = slash < 0 ? prefix : prefix[..slash];
        var namePrefix = slash < 0 ? string.Empty : prefix[(slash + 1)..];
        ValidateContainer(container, prefix);
        return (container, namePrefix);
    }

    public static void ValidateContainer(string container, string path)
    {
        var valid = container.Length is >= 3 and <= 63
            && char.IsAsciiLetterOrDigit(container[0])
            && char.IsAsciiLetterOrDigit(container[^1])
            && !container.Contains("--", StringComparison.Ordinal)
            && container.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');
        if (!valid)
        {
            throw new ArgumentException(
                $"Container '{container}' in '{path}' must be 3-63 lowercase letters, digits and single hyphens.",
                nameof(path));
        }
    }

    private static void ValidateName(string name, string path)
    {
        var segments = name.Split('/');
        if (name.Length > 1024 || name.Contains('\\', StringComparison.Ordinal)
            || segments.Any(s => s.Length == 0 || s == "." || s == ".."))
        {
            throw new ArgumentException(
                $"Blob name '{name}' in '{path}' must be at most 1024 characters of non-empty segments without '.', '..' or '\\'.",
                nameof(path));
        }
    }
}
