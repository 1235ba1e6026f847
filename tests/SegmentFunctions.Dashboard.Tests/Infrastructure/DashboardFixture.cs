using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using SegmentFunctions.Testing;

namespace SegmentFunctions.Dashboard.Tests.Infrastructure;

/// <summary>
/// One small demo (1,500 customers over 9 months) on a temporary store, `segment serve` on it at a free port with an
/// API key, and Debian's headless Chromium driven by Playwright: started once for all the dashboard tests.
/// </summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    public const string ApiKey = "dashboard-test-key";
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("segment-dashboard-");
    private readonly SemaphoreSlim _retrainOnce = new(1, 1);
    private ServeProcess? _serve;
    private IPlaywright? _playwright;

    public string BaseUrl { get; private set; } = string.Empty;
    public HttpClient Api { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    public string DemoOut => Path.Combine(_root.FullName, "demo");

    /// <summary>A folder of the fixture's temporary root for a test's own store; deleted with the fixture.</summary>
    public string NewStore() => Path.Combine(_root.FullName, "stores", Guid.NewGuid().ToString("N"));

    /// <summary>The folder the screenshots of each view go to (README: artifacts/screenshots).</summary>
    public static string ScreenshotFolder => Path.Combine(RepositoryPaths.Root, "artifacts", "screenshots");

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(ChromiumPath), $"The browser tests drive Debian's Chromium at {ChromiumPath}: apt-get install -y chromium (.ci/run does it).");
        var demo = await SegmentProcess.RunAsync(
            ["demo", "--customers", "1500", "--months", "9", "--seed", "7", "--out", DemoOut], Path.Combine(DemoOut, "store"), TimeSpan.FromMinutes(8));
        Assert.True(demo.ExitCode == 0, $"segment demo exited with {demo.ExitCode}:\n{demo.Output}");

        _serve = await ServeProcess.StartAsync(Path.Combine(DemoOut, "store"));
        BaseUrl = _serve.BaseUrl;
        Api = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(60) };
        Api.DefaultRequestHeaders.Add("x-api-key", ApiKey);

        // Playwright launches Chromium with a fresh temporary profile of its own (its user-data-dir) every time.
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-default-apps",
            ],
        });
        Directory.CreateDirectory(ScreenshotFolder);
    }

    /// <summary>A 1280x800 page whose tab already holds the API key, with every request recorded.</summary>
    public async Task<(IBrowserContext Context, IPage Page, List<string> Requests)> NewPageAsync(bool withKey = true)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
            AcceptDownloads = true,
            Locale = "en-GB",
            TimezoneId = "UTC",
        });
        if (withKey)
        {
            await context.AddInitScriptAsync($"sessionStorage.setItem('segment.apiKey', '{ApiKey}');");
        }

        var requests = new List<string>();
        context.Request += (_, request) =>
        {
            lock (requests)
            {
                requests.Add(request.Url);
            }
        };
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(60_000);
        return (context, page, requests);
    }

    public async Task ScreenshotAsync(IPage page, string name)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, $"{name}.png"), FullPage = false });
    }

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await Api.GetAsync(new Uri(path, UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Every page of an audience as CSV from the API, joined as the page's export joins them.</summary>
    public async Task<string> AudienceCsvAsync(string pathAndQuery)
    {
        var text = new StringBuilder();
        string? token = null;
        do
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(pathAndQuery + "&format=csv&limit=1000", UriKind.Relative));
            if (token is not null)
            {
                request.Headers.Add("X-Continuation-Token", token);
            }

            using var response = await Api.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = await response.Content.ReadAsStringAsync();
            text.Append(text.Length == 0 ? page : page[(page.IndexOf("\r\n", StringComparison.Ordinal) + 2)..]);
            token = response.Headers.TryGetValues("X-Continuation-Token", out var values) ? values.Single() : null;
        }
        while (token is not null);

        return text.ToString();
    }

    /// <summary>
    /// Makes sure the registry holds a second published version, whatever ran before. A retrain as of the demo's T
    /// keeps the champion (it was evaluated on labels it had seen), so this one runs as of T + 45 days, where no
    /// snapshot lies near the churn cut-off: a cold start, which publishes when forced.
    /// </summary>
    public async Task EnsureSecondVersionAsync()
    {
        await _retrainOnce.WaitAsync();
        try
        {
            for (var attempt = 0; attempt < 3; attempt++)
            {
                if ((await GetJsonAsync("/api/models")).GetProperty("versions").GetArrayLength() >= 2)
                {
                    return;
                }

                var asOf = (await GetJsonAsync("/api/segments")).GetProperty("asOf").GetDateTimeOffset().AddDays(45);
                using var start = await Api.PostAsJsonAsync(new Uri("/api/retrain", UriKind.Relative), new { asOf, force = true });
                var runId = (await start.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
                await WaitForRunAsync(runId);
            }

            Assert.Fail("No second model version was published.");
        }
        finally
        {
            _retrainOnce.Release();
        }
    }

    /// <summary>
    /// Waits until /api/health reports the version the registry's pointer names: the serving model is swapped in by
    /// a poll (every second here), so a promotion shows there shortly after it is made. Returns that version.
    /// </summary>
    public async Task<string> WaitForServingSettledAsync()
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var current = (await GetJsonAsync("/api/models")).GetProperty("current").GetString();
            var serving = (await GetJsonAsync("/api/health")).GetProperty("modelVersion").GetString();
            if (current is not null && current == serving)
            {
                return current;
            }

            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(60), $"/api/health still reports {serving} while {current} was promoted.");
            await Task.Delay(200);
        }
    }

    public async Task<string> WaitForRunAsync(string runId)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromMinutes(5))
        {
            var status = await GetJsonAsync($"/api/retrain/{runId}");
            var runtime = status.GetProperty("runtimeStatus").GetString();
            if (runtime == "Completed")
            {
                return runId;
            }

            Assert.NotEqual("Failed", runtime);
            await Task.Delay(500);
        }

        throw new TimeoutException($"Run {runId} did not complete in 5 minutes.");
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        Api?.Dispose();
        if (_serve is not null)
        {
            await _serve.DisposeAsync();
        }
        _retrainOnce.Dispose();
        _root.Delete(recursive: true);
    }
}
