using System.Collections.Frozen;
using System.Reflection;
using System.Security.Cryptography;

namespace SegmentFunctions.Cli.Serve;

/// <summary>
/// The dashboard's static files, embedded in this assembly (logical names <c>dashboard/&lt;path&gt;</c>), so the page
/// ships with the command and works offline. Read once at startup; each file carries a strong ETag of its content.
/// </summary>
public sealed class DashboardAssets
{
    public const string ResourcePrefix = "dashboard/";
    public const string IndexPath = "index.html";

    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
        [".json"] = "application/json; charset=utf-8",
        [".txt"] = "text/plain; charset=utf-8",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private DashboardAssets(IReadOnlyList<DashboardAsset> files) => Files = files;

    /// <summary>Every file, by its path relative to the dashboard root (forward slashes).</summary>
    public IReadOnlyList<DashboardAsset> Files { get; }

    public static DashboardAssets Load() => Load(typeof(DashboardAssets).Assembly);

    public static DashboardAssets Load(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var files = new List<DashboardAsset>();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var content = copy.ToArray();
            var path = name[ResourcePrefix.Length..].Replace('\\', '/');
            var contentType = ContentTypes.GetValueOrDefault(Path.GetExtension(path), "application/octet-stream");
            var etag = $"\"{Convert.ToHexStringLower(SHA256.HashData(content))[..16]}\"";
            files.Add(new DashboardAsset(path, contentType, content, etag));
        }

        return new DashboardAssets(files);
    }
}
