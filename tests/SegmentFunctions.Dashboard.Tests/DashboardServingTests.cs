using System.Net;
using System.Text.Json;
using SegmentFunctions.Dashboard.Tests.Infrastructure;
using SegmentFunctions.Testing;

namespace SegmentFunctions.Dashboard.Tests;

/// <summary>How `segment serve` serves the page's files next to the API.</summary>
[Collection(DashboardCollection.Name)]
public sealed class DashboardServingTests(DashboardFixture dashboard)
{
    private static readonly string DashboardFolder = Path.Combine(RepositoryPaths.Root, "functions", "SegmentFunctions.Cli", "Dashboard");

    [Fact]
    public async Task The_page_needs_no_key_while_the_api_still_does_and_allows_only_its_own_origin()
    {
        using var anonymous = new HttpClient { BaseAddress = new Uri(dashboard.BaseUrl) };

        using var page = await anonymous.GetAsync(new Uri("/", UriKind.Relative));
        using var api = await anonymous.GetAsync(new Uri("/api/models", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Equal(await File.ReadAllTextAsync(Path.Combine(DashboardFolder, "wwwroot", "index.html")), await page.Content.ReadAsStringAsync());
        Assert.Contains("default-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
    }

    [Fact]
    public async Task Every_file_of_the_page_is_served_as_it_is_in_the_repository_and_revalidated_by_etag()
    {
        var root = Path.Combine(DashboardFolder, "wwwroot");
        using var http = new HttpClient { BaseAddress = new Uri(dashboard.BaseUrl) };
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            var path = "/" + Path.GetRelativePath(root, file).Replace('\\', '/');
            using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(await File.ReadAllBytesAsync(file), await response.Content.ReadAsByteArrayAsync());

            using var again = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
            again.Headers.IfNoneMatch.Add(response.Headers.ETag!);
            using var revalidated = await http.SendAsync(again);
            Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
        }
    }

    [Fact]
    public async Task The_shipped_chart_library_is_the_version_the_lockfile_pins()
    {
        using var lockfile = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(DashboardFolder, "package-lock.json")));
        var pinned = lockfile.RootElement.GetProperty("packages").GetProperty("node_modules/chart.js").GetProperty("version").GetString();

        var shipped = (await File.ReadAllLinesAsync(Path.Combine(DashboardFolder, "wwwroot", "vendor", "chart.umd.min.js"))).Take(5);

        Assert.Contains($" * Chart.js v{pinned}", shipped);
    }
}
