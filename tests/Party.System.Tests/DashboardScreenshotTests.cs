using Microsoft.Playwright;
using Party.AppHost;
using Party.Testing;

namespace Party.System.Tests;

/// <summary>
/// The dashboard as an operator opens it, in a real browser (Debian's chromium driven by Playwright; a bare
/// <c>chromium --headless --screenshot</c> catches the page before Blazor has drawn it). The screenshot it leaves in
/// <c>.party/test-results/dashboard.png</c> is the one in the README.
/// </summary>
[Collection(SystemCollection.Name)]
public class DashboardScreenshotTests(SystemFixture system)
{
    [Fact]
    public async Task The_dashboard_page_shows_every_resource_running_and_healthy()
    {
        foreach (var name in SystemFixture.Resources)
            await system.App.ResourceNotifications.WaitForResourceHealthyAsync(name,
                new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);

        using var playwright = await Playwright.CreateAsync();
        await using var browser =
            await playwright.Chromium.LaunchAsync(new() { ExecutablePath = "/usr/bin/chromium", Args = ["--no-sandbox"] });
        // The operators read Chinese: the dashboard has a zh-Hans translation, chosen from the browser's language.
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1600, Height = 1400 }, Locale = "zh-CN",
            TimezoneId = "Asia/Shanghai" });
        var response = await page.GotoAsync(system.DashboardUrl.ToString());
        Assert.Equal(200, response?.Status);

        // Rows read "name | state | …" once Blazor has drawn them; the state column says "Running" alone only when the
        // resource is also healthy ("Running (Unhealthy)" otherwise). Replicas are rows of their own (members-xyz).
        var rows = await Eventually.ResultAsync(
            async () => new DashboardRows((await page.Locator("[role=row]").AllInnerTextsAsync())
                .Select(r => r.Split('\n', StringSplitOptions.TrimEntries)).ToList()),
            r => SystemFixture.Resources.All(name => RowsOf(r.Cells, name) is { Count: > 0 } own
                && own.All(cells => cells.Length > 1 && cells[1] == KnownResourceStates.Running)),
            TimeSpan.FromSeconds(60), "every resource's row reads Running");
        Assert.Equal(2, RowsOf(rows.Cells, "members").Count);

        // Notices about this machine (no development certificate, plain HTTP) are for the operator, not the picture.
        var dismiss = page.Locator(".messagebar-container fluent-button");
        for (var shown = await dismiss.CountAsync(); shown > 0; shown--) await dismiss.First.ClickAsync();
        var path = Path.Combine(PartySettings.FindRepoRoot(), ".party", "test-results", "dashboard.png");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await page.ScreenshotAsync(new() { Path = path });
        Assert.True(new FileInfo(path).Length > 10_000, $"{path} looks empty");
    }

    /// <summary>The dashboard's rows as read; a timeout names each resource with its state, so a failure says which one.</summary>
    private sealed record DashboardRows(List<string[]> Cells)
    {
        public override string ToString() => string.Join("; ", Cells.Select(c => string.Join(" ", c.Take(2))));
    }

    /// <summary>The rows of one resource: its own, or one per replica under the instance's name (members-xk2p9d).</summary>
    private List<string[]> RowsOf(IEnumerable<string[]> rows, string name)
    {
        var instances = system.InstancesOf(name);
        var replicas = rows.Where(cells => cells.Length > 0 && instances.Contains(cells[0])).ToList();
        return replicas.Count > 0 ? replicas : rows.Where(cells => cells.Length > 0 && cells[0] == name).ToList();
    }
}
