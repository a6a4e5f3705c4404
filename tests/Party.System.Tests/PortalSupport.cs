using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Party.AppHost;
using Party.ServiceDefaults.Auth;
using Party.Testing;

namespace Party.System.Tests;

/// <summary>
/// The township portal driven in Debian's chromium (never a downloaded browser), signed in as real accounts of the
/// identity service, through the gateway's address as a user types it.
/// </summary>
internal static class PortalSupport
{
    public const string NewPassword = "Dangjian#2026x";
    public static readonly string ScreenshotDir = Path.Combine(PartySettings.FindRepoRoot(), ".party", "test-results");

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = "/usr/bin/chromium",
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"],
    });

    /// <summary>An office PC (1366×768, the clerks' usual screen), in Chinese and Beijing time.</summary>
    public static Task<IBrowserContext> OfficeAsync(IBrowser browser) => ContextAsync(browser, new BrowserNewContextOptions
    {
        ViewportSize = new ViewportSize { Width = 1366, Height = 768 }, Locale = "zh-CN", TimezoneId = "Asia/Shanghai",
    });

    /// <summary>
    /// A browser context whose waits allow for the first sign-in of a run: the redirects cross the gateway, the identity
    /// service and the portal, each compiling those paths for the first time on a shared 2-core machine.
    /// </summary>
    public static async Task<IBrowserContext> ContextAsync(IBrowser browser, BrowserNewContextOptions options)
    {
        var context = await browser.NewContextAsync(options);
        context.SetDefaultTimeout(90_000);
        context.SetDefaultNavigationTimeout(90_000);
        return context;
    }

    /// <summary>
    /// Navigations wait for the document to be parsed, not for its "load" (every stylesheet, script and image): in a
    /// clean-clone run a fully drawn change-password page never fired "load" within 90 s. What a step needs next is awaited
    /// by its own locator.
    /// </summary>
    public static readonly PageWaitForURLOptions Parsed = new() { WaitUntil = WaitUntilState.DOMContentLoaded };

    /// <summary>A URL wait that ends when the new document is committed; the next step then waits for its own element.</summary>
    public static readonly PageWaitForURLOptions Committed = new() { WaitUntil = WaitUntilState.Commit };

    /// <inheritdoc cref="Parsed"/>
    public static readonly PageGotoOptions GoParsed = new() { WaitUntil = WaitUntilState.DOMContentLoaded };

    /// <summary>An account made by the operator; the answer's initial password must be changed at the first sign-in.</summary>
    public static async Task<(string Account, string InitialPassword)> AccountAsync(this SystemFixture system, string role, Guid org,
        string displayName)
    {
        var account = role + Guid.NewGuid().ToString("N")[..8];
        var created = await (await system.Operator().PostJsonAsync("/api/identity/users", new
        {
            accountName = account, displayName, mobile = "13800138000", role, orgUnitId = org,
        })).AssertStatusAsync(201);
        return (account, created["initialPassword"]!.GetValue<string>());
    }

    /// <summary>
    /// Opens the portal at <paramref name="path"/>: the portal sends the browser to the identity service's sign-in page, the
    /// person signs in with the initial password, chooses their own, and lands back on the page they asked for.
    /// </summary>
    public static async Task<IPage> SignInAsync(this SystemFixture system, IBrowserContext context,
        (string Account, string InitialPassword) who, string path = "")
    {
        var page = await context.NewPageAsync();
        // Each form below is awaited by its field (FillAsync waits for it), not by a lifecycle event: in a clean-clone run the
        // change-password page had fired "load" and was drawn, yet the wait for its DOMContentLoaded never ended.
        await page.GotoAsync(system.Issuer + path, new PageGotoOptions { WaitUntil = WaitUntilState.Commit });
        await page.WaitForURLAsync(new Regex("/account/login"), Committed);
        await page.FillAsync("#accountName", who.Account);
        await page.FillAsync("#password", who.InitialPassword);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(new Regex("/account/change-password"), Committed);
        await page.FillAsync("#currentPassword", who.InitialPassword);
        await page.FillAsync("#newPassword", NewPassword);
        await page.FillAsync("#confirmPassword", NewPassword);
        await page.ClickAsync("button[type=submit]");
        // Back on the portal's page; its own marker below says it is drawn (a page "load" can wait on a slow stylesheet).
        await page.WaitForURLAsync(system.Issuer + path, Committed);
        // The live page (no prerendering): the top bar names the person once the circuit has drawn it.
        await page.Locator("[data-testid=user]").WaitForAsync();
        return page;
    }

    /// <summary>A form field by its test id, whether the component put the id on the input itself or on a wrapper.</summary>
    public static ILocator Field(this IPage page, string testId) =>
        page.Locator($"input[data-testid={testId}], textarea[data-testid={testId}], " +
            $"[data-testid={testId}] input, [data-testid={testId}] textarea").First;

    /// <summary>
    /// Picks an option of a select or autocomplete as a user does: opens it (typing <paramref name="typed"/> first for an
    /// autocomplete) and clicks the option. The choice reaches the page on the server after the list has closed: before the
    /// next click, wait for something the page shows from it.
    /// </summary>
    public static async Task ChooseAsync(this IPage page, string testId, string option, string? typed = null)
    {
        var field = page.Field(testId);
        if (typed is null) await field.ClickAsync();
        else await field.FillAsync(typed);
        await page.Locator(".mud-popover-open").GetByText(option).ClickAsync();
    }

    /// <summary>
    /// Runs a test's browser steps; when one fails, every open page is saved as <c>failed-*.png</c> with its text beside it,
    /// so the run's results show what the user saw. The steps leave their contexts to the browser's disposal, so they are
    /// still open here.
    /// </summary>
    public static async Task RecordingFailuresAsync(this IBrowser browser, string test, Func<Task> steps)
    {
        try
        {
            await steps();
        }
        catch
        {
            Directory.CreateDirectory(ScreenshotDir);
            var n = 0;
            foreach (var page in browser.Contexts.SelectMany(c => c.Pages))
            {
                var name = Path.Combine(ScreenshotDir, $"failed-{test}-{++n}");
                try
                {
                    await page.ScreenshotAsync(new PageScreenshotOptions { Path = name + ".png", FullPage = true, Timeout = 10_000 });
                    var text = await page.InnerTextAsync("body", new PageInnerTextOptions { Timeout = 10_000 });
                    await File.WriteAllTextAsync(name + ".txt", page.Url + "\n" + text);
                }
                catch (Exception e) when (e is PlaywrightException or global::System.TimeoutException)
                {
                    // The page is gone or does not answer (Playwright's waits time out with System.TimeoutException);
                    // the test's own failure is what matters.
                }
            }
            throw;
        }
    }

    /// <param name="fullPage">
    /// False for what the screen shows: a dialog over a long page (the API reference's request client) lands mid-page in a
    /// full-page picture.
    /// </param>
    public static async Task ScreenshotAsync(this IPage page, string name, bool fullPage = true)
    {
        Directory.CreateDirectory(ScreenshotDir);
        var path = Path.Combine(ScreenshotDir, name);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = fullPage });
        Assert.True(new FileInfo(path).Length > 5_000, $"{path} looks empty");
    }

    /// <summary>A county whose units the identity service (accounts) and <paramref name="services"/> have heard of.</summary>
    public static Task<CountyTree> PortalCountyAsync(this SystemFixture system, string prefix, params string[] services) =>
        system.CountyAsync(prefix, townships: 2, villagesEach: 1, [.. services, "identity"]);

    /// <summary>This year's rural template (the county's, shared by the tests) and the village's scheme adopted from it.</summary>
    public static async Task PointsSchemeAsync(this SystemFixture system, CountyTree tree, Guid village)
    {
        var year = CrossServiceSupport.Today.Year;
        var template = await system.Gateway(PartyRoles.County, tree.County).PostJsonAsync("/api/members/points/templates", new
        {
            domain = "ruralCommunity", year, name = $"{year} 农村积分模板",
            items = new object[]
            {
                new { code = "B1", name = "政治合格", kind = "base", points = 25 },
                new { code = "B2", name = "执行纪律合格", kind = "base", points = 25 },
                new { code = "B3", name = "品德合格", kind = "base", points = 25 },
                new { code = "B4", name = "发挥作用合格", kind = "base", points = 25 },
                new { code = "C2", name = "带头致富", kind = "contribution", points = 10 },
            },
        });
        if ((int)template.StatusCode != 409) await template.AssertStatusAsync(201);
        await (await system.Gateway(PartyRoles.Branch, village)
            .PostJsonAsync("/api/members/points/schemes", new { branchId = village, year })).AssertStatusAsync(201);
    }
}
