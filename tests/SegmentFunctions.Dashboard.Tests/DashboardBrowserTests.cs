using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using SegmentFunctions.Dashboard.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace SegmentFunctions.Dashboard.Tests;

/// <summary>The dashboard in a real headless Chromium against `segment serve` on a small demo store.</summary>
[Collection(DashboardCollection.Name)]
public sealed class DashboardBrowserTests(DashboardFixture dashboard)
{
    private static readonly LocatorAssertionsToHaveTextOptions Patient = new() { Timeout = 60_000 };

    [Fact]
    public async Task The_overview_shows_the_segments_of_the_published_model()
    {
        var segments = await dashboard.GetJsonAsync("/api/segments");
        var (context, page, _) = await dashboard.NewPageAsync();
        await using var _context = context;

        await page.GotoAsync(dashboard.BaseUrl + "/");

        var rows = page.Locator("#segments-table tbody tr");
        var expected = segments.GetProperty("segments").EnumerateArray().ToList();
        await Expect(rows).ToHaveCountAsync(expected.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            await Expect(rows.Nth(i).Locator("th")).ToHaveTextAsync(expected[i].GetProperty("name").GetString()!);
            await Expect(rows.Nth(i)).ToHaveAttributeAsync("data-segment-id", expected[i].GetProperty("id").GetInt32().ToString(CultureInfo.InvariantCulture));
        }

        await Expect(page.Locator("main")).ToContainTextAsync(segments.GetProperty("modelVersion").GetString()!);
        await dashboard.ScreenshotAsync(page, "overview");

        await page.SetViewportSizeAsync(420, 900);
        await Expect(page.Locator("#segments-table")).ToBeVisibleAsync();
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "The overview scrolls sideways on a narrow window.");
        await dashboard.ScreenshotAsync(page, "overview-narrow");
    }

    [Fact]
    public async Task Charts_show_values_on_hover_and_hide_a_series_from_the_legend()
    {
        var segments = await dashboard.GetJsonAsync("/api/segments");
        var firstShare = segments.GetProperty("segments")[0].GetProperty("customerShare").GetDouble() * 100;
        var (context, page, _) = await dashboard.NewPageAsync();
        await using var _context = context;
        await page.GotoAsync(dashboard.BaseUrl + "/");
        const string Chart = "Chart.getChart(document.querySelector('main canvas'))";
        await page.WaitForFunctionAsync($"() => !!{Chart}");
        var box = (await page.Locator("main canvas").First.BoundingBoxAsync())!;

        var bar = await page.EvaluateAsync<double[]>($"() => {{ const e = {Chart}.getDatasetMeta(0).data[0]; return [e.x, (e.y + e.base) / 2]; }}");
        await page.Mouse.MoveAsync((float)(box.X + bar[0]), (float)(box.Y + bar[1]));
        await page.WaitForFunctionAsync($"() => {Chart}.tooltip.opacity > 0");
        var hovered = await page.EvaluateAsync<double>($"() => {Chart}.tooltip.dataPoints[0].parsed.y");
        Assert.Equal(firstShare, hovered, 6);

        var legendItem = await page.EvaluateAsync<double[]>($"() => {{ const h = {Chart}.legend.legendHitBoxes[1]; return [h.left + h.width / 2, h.top + h.height / 2]; }}");
        await page.Mouse.ClickAsync((float)(box.X + legendItem[0]), (float)(box.Y + legendItem[1]));
        await page.WaitForFunctionAsync($"() => !{Chart}.isDatasetVisible(1)");
        Assert.True(await page.EvaluateAsync<bool>($"() => {Chart}.isDatasetVisible(0)"));
    }

    [Fact]
    public async Task Before_the_first_model_every_view_says_what_to_do_next()
    {
        await using var empty = await ServeProcess.StartAsync(dashboard.NewStore());
        var (context, page, _) = await dashboard.NewPageAsync();
        await using var _context = context;

        foreach (var view in new[] { "overview", "segment", "targeting", "models" })
        {
            await page.GotoAsync($"{empty.BaseUrl}/#/{view}");
            await Expect(page.Locator("main .empty")).ToContainTextAsync("No model has been published yet");
            await Expect(page.Locator("main .empty .next")).ToContainTextAsync("segment demo");
        }

        await dashboard.ScreenshotAsync(page, "empty-models");
    }

    [Fact]
    public async Task The_views_work_from_the_keyboard()
    {
        var (context, page, _) = await dashboard.NewPageAsync();
        await using var _context = context;
        await page.GotoAsync(dashboard.BaseUrl + "/");
        await Expect(page.Locator("#segments-table")).ToBeVisibleAsync();

        await page.Keyboard.PressAsync("Tab");
        await Expect(page.Locator(".skip-link")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Segments" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#customers-table")).ToBeVisibleAsync();

        await page.Locator("#customers-table button[data-sort='customerId']").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#customers-table th[aria-sort='descending'] button[data-sort='customerId']")).ToBeVisibleAsync();
        var ids = await page.Locator("#customers-table tbody tr td:first-child").AllTextContentsAsync();
        Assert.Equal(ids.OrderDescending(StringComparer.Ordinal), ids);
    }

    [Fact]
    public async Task Without_a_key_the_page_asks_for_one_and_loads_with_it()
    {
        var (context, page, _) = await dashboard.NewPageAsync(withKey: false);
        await using var _context = context;

        await page.GotoAsync(dashboard.BaseUrl + "/#/models");
        await Expect(page.Locator("#key-dialog")).ToBeVisibleAsync();
        await page.GetByLabel("Key", new() { Exact = true }).FillAsync(DashboardFixture.ApiKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "Use key" }).ClickAsync();

        await Expect(page.Locator("#models-table")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Filtering_a_segment_by_churn_band_changes_the_table_and_the_csv_export_to_the_rows_the_api_returns()
    {
        var segment = await LargestSegmentAsync();
        var all = await AudienceAsync($"/api/segments/{segment}/customers?limit=1000");
        var band = all.GroupBy(m => m.GetProperty("churnBand").GetString()).OrderBy(g => g.Count()).First(g => g.Count() < all.Count).Key!;
        var filtered = await AudienceAsync($"/api/segments/{segment}/customers?limit=1000&churnBand={band}");
        var (context, page, _) = await dashboard.NewPageAsync();
        await using var _context = context;

        await page.GotoAsync($"{dashboard.BaseUrl}/#/segment/{segment}");
        await Expect(page.Locator("#audience-status")).ToHaveTextAsync($"{all.Count:N0} customers match.", Patient);
        await dashboard.ScreenshotAsync(page, "segment");

        await page.GetByLabel("Churn band").SelectOptionAsync(band);
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply filters" }).ClickAsync();
        await Expect(page.Locator("#audience-status")).ToHaveTextAsync($"{filtered.Count:N0} customers match.", Patient);

        var firstPage = filtered.Take(25).Select(m => m.GetProperty("customerId").GetString()!).ToList();
        await Expect(page.Locator("#customers-table tbody tr td:first-child")).ToHaveTextAsync([.. firstPage]);
        await Expect(page.Locator("#customers-table tbody tr td.band")).ToHaveTextAsync([.. firstPage.Select(_ => band)]);
        await page.Locator("#customers-table").ScrollIntoViewIfNeededAsync();
        await dashboard.ScreenshotAsync(page, "segment-customers");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Export CSV" }).ClickAsync());
        var exported = await File.ReadAllTextAsync(await download.PathAsync());
        var fromApi = await dashboard.AudienceCsvAsync($"/api/segments/{segment}/customers?churnBand={band}");
        Assert.Equal(fromApi, exported);
        Assert.Equal(filtered.Count + 1, exported.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task The_value_ranking_on_the_page_matches_the_apis()
    {
        var segment = await LargestSegmentAsync();
        var ranked = await dashboard.GetJsonAsync($"/api/segments/{segment}/customers?limit=1000&orderBy=expectedValue&saveRate=0.35&contactCost=0.5");
        var expected = ranked.GetProperty("customers").EnumerateArray().Take(50).Select(m => m.GetProperty("customerId").GetString()!).ToArray();
        var (context, page, _) = await dashboard.NewPageAsync();
        await using var _context = context;

        await page.GotoAsync($"{dashboard.BaseUrl}/#/targeting/{segment}");
        await Expect(page.Locator("#ranking-table")).ToBeVisibleAsync();
        await page.GetByLabel("Save rate").FillAsync("0.35");
        await page.GetByLabel("Contact cost").FillAsync("0.5");
        await page.GetByRole(AriaRole.Button, new() { Name = "Rank customers" }).ClickAsync();

        await Expect(page.Locator("#ranking-table tbody tr td:nth-child(2)")).ToHaveTextAsync(expected, Patient);
        var total = ranked.GetProperty("expectedValue").GetDouble();
        await Expect(page.Locator(".figures")).ToContainTextAsync(total.ToString("N2", CultureInfo.InvariantCulture));
        await dashboard.ScreenshotAsync(page, "targeting");
    }

    [Fact]
    public async Task A_retrain_started_from_the_page_reaches_completed_on_the_page()
    {
        var (context, page, _) = await dashboard.NewPageAsync();
        await using var _context = context;

        await page.GotoAsync($"{dashboard.BaseUrl}/#/retrain");
        await Expect(page.GetByLabel("As of (event time)")).Not.ToHaveValueAsync(string.Empty);
        await page.GetByRole(AriaRole.Button, new() { Name = "Start a run" }).ClickAsync();

        await Expect(page.Locator("#run-progress")).ToBeVisibleAsync();
        await Expect(page.Locator("#run-status")).ToHaveTextAsync("Completed", new() { Timeout = 300_000 });
        await Expect(page.Locator("#run-outcome")).ToBeVisibleAsync();
        await dashboard.ScreenshotAsync(page, "retrain");
        // A published challenger is swapped in by the serving poll: let it settle before the next test reads scores.
        await dashboard.WaitForServingSettledAsync();
    }

    [Fact]
    public async Task A_run_that_fails_shows_its_step_and_message_on_the_page()
    {
        var (context, page, _) = await dashboard.NewPageAsync();
        await using var _context = context;

        await page.GotoAsync($"{dashboard.BaseUrl}/#/retrain");
        // Years before the shop's first event: nothing to train on.
        await page.GetByLabel("As of (event time)").FillAsync("2001-01-01T00:00");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start a run" }).ClickAsync();

        await Expect(page.Locator("#run-status")).ToHaveTextAsync("Failed", new() { Timeout = 300_000 });
        var failure = await dashboard.GetJsonAsync($"/api/retrain/{Uri.EscapeDataString(page.Url[(page.Url.LastIndexOf('/') + 1)..])}");
        var step = failure.GetProperty("failure").GetProperty("step").GetString()!;
        var message = failure.GetProperty("failure").GetProperty("message").GetString()!;
        await Expect(page.Locator("#run-failure")).ToContainTextAsync($"Failed in step {step}: {message}");
        await Expect(page.Locator("ol.steps li.failed")).ToHaveTextAsync(failure.GetProperty("customStatus").GetProperty("step").GetString()!);
        await dashboard.ScreenshotAsync(page, "retrain-failed");
    }

    [Fact]
    public async Task Rollback_from_the_page_changes_the_serving_version_reported_by_health()
    {
        await dashboard.EnsureSecondVersionAsync();
        var before = await dashboard.WaitForServingSettledAsync();
        var (context, page, _) = await dashboard.NewPageAsync();
        await using var _context = context;

        await page.GotoAsync($"{dashboard.BaseUrl}/#/models");
        await Expect(page.Locator("#models-table tbody tr.serving")).ToHaveAttributeAsync("data-version", before);
        await dashboard.ScreenshotAsync(page, "models");
        var target = page.Locator("#models-table tbody tr:not(.serving)").First;
        var version = (await target.GetAttributeAsync("data-version"))!;
        await target.Locator("button.promote").ClickAsync();
        await Expect(page.Locator("#confirm-dialog")).ToBeVisibleAsync();
        await page.Locator("#confirm-ok").ClickAsync();

        await Expect(page.Locator("#models-table tbody tr.serving")).ToHaveAttributeAsync("data-version", version);
        Assert.NotEqual(before, version);
        Assert.Equal(version, await dashboard.WaitForServingSettledAsync());
    }

    [Fact]
    public async Task Erasure_from_the_customer_view_asks_first_and_then_erases()
    {
        var segment = await LargestSegmentAsync();
        var audience = await AudienceAsync($"/api/segments/{segment}/customers?limit=50");
        var id = audience[^1].GetProperty("customerId").GetString()!;
        var (context, page, _) = await dashboard.NewPageAsync();
        await using var _context = context;

        await page.GotoAsync($"{dashboard.BaseUrl}/#/customer/{Uri.EscapeDataString(id)}");
        await Expect(page.Locator("#customer-scores")).ToBeVisibleAsync();
        await dashboard.ScreenshotAsync(page, "customer");

        await page.GetByRole(AriaRole.Button, new() { Name = "Erase this customer" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(page.Locator("#erase-status")).ToHaveTextAsync("Nothing was erased.");
        using (var still = await dashboard.Api.GetAsync(new Uri($"/api/customers/{id}/features", UriKind.Relative)))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, still.StatusCode);
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Erase this customer" }).ClickAsync();
        await page.Locator("#confirm-ok").ClickAsync();
        await Expect(page.Locator("#erase-status")).ToHaveTextAsync($"'{id}' was erased.");
        using var gone = await dashboard.Api.GetAsync(new Uri($"/api/customers/{id}/features", UriKind.Relative));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task Loading_every_view_makes_no_request_off_the_machine()
    {
        var (context, page, requests) = await dashboard.NewPageAsync();
        await using var _context = context;
        var offMachine = new List<string>();
        await context.RouteAsync("**/*", async route =>
        {
            var url = new Uri(route.Request.Url);
            if (url.Scheme is "http" or "https" && !url.IsLoopback)
            {
                lock (offMachine)
                {
                    offMachine.Add(route.Request.Url);
                }

                await route.AbortAsync();
                return;
            }

            await route.ContinueAsync();
        });

        foreach (var (view, ready) in new[]
        {
            ("overview", "#segments-table"), ("segment", "#customers-table"), ("targeting", "#ranking-table"),
            ("customer", "#customer-id"), ("models", "#models-table"), ("retrain", "#start-retrain"),
        })
        {
            await page.GotoAsync($"{dashboard.BaseUrl}/#/{view}");
            await page.ReloadAsync(new() { WaitUntil = WaitUntilState.NetworkIdle });
            await Expect(page.Locator(ready)).ToBeVisibleAsync();
        }

        Assert.Empty(offMachine);
        lock (requests)
        {
            Assert.NotEmpty(requests);
            Assert.All(requests, r => Assert.True(
                r.StartsWith(dashboard.BaseUrl + "/", StringComparison.Ordinal) || r.StartsWith("data:", StringComparison.Ordinal) || r.StartsWith("blob:", StringComparison.Ordinal),
                $"The page requested {r}."));
        }
    }

    private async Task<int> LargestSegmentAsync()
    {
        var segments = await dashboard.GetJsonAsync("/api/segments");
        return segments.GetProperty("segments").EnumerateArray().MaxBy(s => s.GetProperty("size").GetInt32()).GetProperty("id").GetInt32();
    }

    private async Task<List<JsonElement>> AudienceAsync(string path)
    {
        var json = await dashboard.GetJsonAsync(path);
        return [.. json.GetProperty("customers").EnumerateArray()];
    }
}
