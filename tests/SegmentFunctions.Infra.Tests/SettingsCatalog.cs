using System.Text.Json;
using System.Text.Json.Nodes;
using SegmentFunctions.Testing;

namespace SegmentFunctions.Infra.Tests;

/// <summary>infra/settings.json: the one documented list of setting names, with their local and Azure values.</summary>
internal static class SettingsCatalog
{
    public static string Path => System.IO.Path.Combine(RepositoryPaths.Root, "infra", "settings.json");

    private static readonly Lazy<IReadOnlyList<DocumentedSetting>> Loaded = new(Load);

    public static IReadOnlyList<DocumentedSetting> All => Loaded.Value;

    public static DocumentedSetting? Find(string name) => All.SingleOrDefault(s => s.Name == name);

    /// <summary>
    /// True when a binding's <c>connection</c> name is satisfied where <paramref name="present"/> holds: either the
    /// setting itself or identity-based settings under its prefix (name__property).
    /// </summary>
    public static bool SatisfiesConnection(string connection, Func<DocumentedSetting, bool> present) =>
        All.Any(s => present(s) && (s.Name == connection || s.Name.StartsWith(connection + "__", StringComparison.Ordinal)));

    private static IReadOnlyList<DocumentedSetting> Load()
    {
        var root = JsonNode.Parse(File.ReadAllText(Path))
            ?? throw new InvalidDataException($"{Path} is empty.");
        var settings = root["settings"]?.AsArray()
            ?? throw new InvalidDataException($"{Path} has no 'settings' array.");
        return settings.Select(Parse).ToList();
    }

    private static DocumentedSetting Parse(JsonNode? node)
    {
        var entry = node?.AsObject() ?? throw new InvalidDataException($"{Path}: a setting entry is not an object.");
        var name = Required(entry, "name");
        return new DocumentedSetting(
            name,
            Required(entry, "description"),
            entry["readBy"]?.AsArray().Select(r => r!.GetValue<string>()).ToList()
                ?? throw new InvalidDataException($"{Path}: '{name}' has no readBy."),
            Optional(entry, "local", name),
            Optional(entry, "azure", name),
            entry.ContainsKey("azureAs") ? Required(entry, "azureAs") : null,
            entry.ContainsKey("default") ? Required(entry, "default") : null);
    }

    private static string Required(JsonObject entry, string property) =>
        entry[property]?.GetValue<string>() is { Length: > 0 } value
            ? value
            : throw new InvalidDataException($"{Path}: an entry lacks '{property}': {entry.ToJsonString()}");

    private static string? Optional(JsonObject entry, string property, string name)
    {
        if (!entry.ContainsKey(property))
        {
            throw new InvalidDataException($"{Path}: '{name}' must state '{property}' (null when not set there).");
        }

        return entry[property] is { } value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
    }
}
