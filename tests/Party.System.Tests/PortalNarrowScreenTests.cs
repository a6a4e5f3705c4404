using Microsoft.Playwright;
using Party.ServiceDefaults.Auth;

namespace Party.System.Tests;

/// <summary>
/// Every page of the menu on a phone's width (375×812), for a branch secretary, a township clerk and a county clerk: the
/// page settles without an error and never scrolls sideways (a wide table scrolls inside its own box, the page does not).
/// </summary>
[Collection(SystemCollection.Name)]
public class PortalNarrowScreenTests(SystemFixture system)
{
    private const int Width = 375;

    /// <summary>The menu of each role (NavMenu), as paths under the portal's root.</summary>
    private static readonly string[] BranchPages = ["", "points/entries", "members", "appeals", "pledges", "development", "meetings"];

    private static readonly string[] TownshipPages =
    [
        "", "points/entries", "points/review", "leaves", "attendance", "spot-checks", "ratings", "members", "appeals", "pledges",
        "development", "meetings", "nominations", "statements",
    ];

    private static readonly string[] CountyPages = [.. TownshipPages, "reports", "config"];

    [Fact]
    public async Task Every_page_of_each_office_role_fits_a_375_px_screen_without_an_error()
    {
        var tree = await system.PortalCountyAsync("PNW", "members", "resident-cadres", "honors");
        var roles = new (string Name, string Role, Guid Org, string DisplayName, string[] Pages)[]
        {
            ("branch", PartyRoles.Branch, tree.Townships[0].Villages[0], "支部书记", BranchPages),
            ("township", PartyRoles.Township, tree.Townships[0].Id, "乡镇组织委员", TownshipPages),
            ("county", PartyRoles.County, tree.County, "县委组织部干部", CountyPages),
        };

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await PortalSupport.LaunchAsync(playwright);
        await browser.RecordingFailuresAsync("narrow", async () =>
        {
            // Every page is visited before the test fails, so one run names every page that does not fit.
            var failures = new List<string>();
            foreach (var (name, role, org, displayName, pages) in roles)
            {
                var account = await system.AccountAsync(role, org, displayName);
                var phone = await PortalSupport.ContextAsync(browser, new BrowserNewContextOptions
                {
                    ViewportSize = new ViewportSize { Width = Width, Height = 812 }, Locale = "zh-CN", TimezoneId = "Asia/Shanghai",
                    IsMobile = true, HasTouch = true,
                });
                var page = await system.SignInAsync(phone, account);
                foreach (var path in pages)
                {
                    if (path.Length > 0 || page.Url != system.Issuer) await page.GotoAsync(system.Issuer + path, PortalSupport.GoParsed);
                    await SettledAsync(page);
                    var shot = $"portal-narrow-{name}-{(path.Length == 0 ? "home" : path.Replace('/', '-'))}.png";
                    await page.ScreenshotAsync(shot);
                    var scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
                    if (scrollWidth > Width + 1)
                        failures.Add($"{name} /{path}: {scrollWidth} px wide ({await WidestAsync(page)})");
                    var problems = page.Locator("[data-testid=problem]");
                    if (await problems.CountAsync() > 0)
                        failures.Add($"{name} /{path}: error shown: {await problems.First.InnerTextAsync()}");
                }
                await phone.CloseAsync();
            }
            Assert.True(failures.Count == 0, string.Join("\n", failures));
        });
    }

    /// <summary>
    /// Waits until the page has its data: no API call of it running, no table loading, and neither for a second (a grid asks
    /// for its first page only after the first render, later still on a loaded machine), from the page-load marker as
    /// <c>./party bench portal-pages</c> reads it.
    /// </summary>
    private static async Task SettledAsync(IPage page)
    {
        var marker = page.Locator("[data-testid=page-load]");
        await marker.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
        var watch = global::System.Diagnostics.Stopwatch.StartNew();
        var (seen, quietFrom) = ("", TimeSpan.Zero);
        while (watch.Elapsed < TimeSpan.FromSeconds(60))
        {
            var state = await marker.EvaluateAsync<string>("m => m.dataset.pending + '/' + m.dataset.ms");
            // A table shows its loading bar from the moment it asks for its page until it has drawn it.
            var loading = await page.Locator(".mud-table-loading").CountAsync() > 0;
            if (state != seen || loading || !state.StartsWith("0/", StringComparison.Ordinal)) (seen, quietFrom) = (state, watch.Elapsed);
            else if (watch.Elapsed - quietFrom >= TimeSpan.FromMilliseconds(1000)) return;
            await Task.Delay(50);
        }
        Assert.Fail($"{page.Url} did not settle in 60 s ({seen})");
    }

    /// <summary>The element that sticks out furthest to the right, so a failure names what to fix.</summary>
    private static Task<string> WidestAsync(IPage page) => page.EvaluateAsync<string>("""
        () => {
            // What scrolls inside its own box (a table's container) does not widen the page.
            const boxed = e => {
                for (let p = e.parentElement; p && p !== document.body; p = p.parentElement)
                    if (getComputedStyle(p).overflowX !== 'visible') return true;
                return false;
            };
            let widest = null, right = 0;
            for (const e of document.querySelectorAll('body *')) {
                const r = e.getBoundingClientRect();
                if (r.right > right && r.width > 0 && !boxed(e)) { right = r.right; widest = e; }
            }
            if (!widest) return 'nothing';
            const id = widest.closest('[data-testid]')?.getAttribute('data-testid') ?? '';
            return `${widest.tagName.toLowerCase()}.${[...widest.classList].join('.')} right ${Math.round(right)} in [${id}]`;
        }
        """);
}
