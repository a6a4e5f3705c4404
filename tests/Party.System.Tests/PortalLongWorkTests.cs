using Microsoft.Playwright;
using Party.ServiceDefaults.Auth;
using Party.Testing;

namespace Party.System.Tests;

/// <summary>
/// Long work in the portal through the real gateway: a branch secretary records one points item for the members of a
/// meeting day at once (会议日批量登记), sees the progress end in a summary, and the entries wait for review; a township
/// closes a month (月度关账) and a county closes a points year (年终积分评定), each confirmed in a dialog and ended by its
/// summary. Each test makes its own county, so the demo data and the other tests' closes do not matter.
/// </summary>
[Collection(SystemCollection.Name)]
public class PortalLongWorkTests(SystemFixture system)
{
    [Fact]
    public async Task A_branch_secretary_records_one_item_for_the_members_found_and_sees_the_summary()
    {
        var tree = await system.PortalCountyAsync("PLW", "members");
        var village = tree.Townships[0].Villages[0];
        await system.PointsSchemeAsync(tree, village);
        var suffix = Guid.NewGuid().ToString("N")[..4];
        string[] names = ["王" + suffix, "李" + suffix];
        var township = system.Gateway(PartyRoles.Township, tree.Townships[0].Id);
        var members = new List<Guid>();
        foreach (var name in names) members.Add(await township.CreateFullMemberAsync(village, name));
        var secretary = await system.AccountAsync(PartyRoles.Branch, village, "支部书记");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await PortalSupport.LaunchAsync(playwright);
        await browser.RecordingFailuresAsync("points-batch", async () =>
        {
            var office = await PortalSupport.OfficeAsync(browser);
            var page = await system.SignInAsync(office, secretary, "points/entries");
            var batch = page.Locator("[data-testid=batch]");
            await batch.Locator("[data-testid=batch-member]").First.WaitForAsync();
            await page.ChooseAsync("batch-item", "带头致富");
            await page.Field("batch-search").FillAsync(suffix);
            await batch.Locator("[data-testid=batch-member]").Filter(new LocatorFilterOptions { HasText = names[0] }).WaitForAsync();
            await page.ClickAsync("[data-testid=batch-select-all]");
            await batch.Locator("[data-testid=batch-count]").Filter(new LocatorFilterOptions { HasText = "已选 2 人" }).WaitForAsync();
            await page.ClickAsync("[data-testid=batch-record]");

            var summary = page.Locator("[data-testid=batch-summary]");
            await summary.WaitForAsync();
            Assert.Contains("已为 2 人登记", await summary.InnerTextAsync());
            Assert.Contains("2 / 2", await page.InnerTextAsync("[data-testid=batch-progress]"));
            foreach (var name in names)
            {
                await page.Locator("[data-testid=entries] tbody tr").Filter(new LocatorFilterOptions { HasText = name })
                    .Filter(new LocatorFilterOptions { HasText = "待审核" }).WaitForAsync();
            }
            await page.ScreenshotAsync("portal-points-batch.png");
            await office.CloseAsync();
        });
        foreach (var member in members)
        {
            var ledger = await (await township.GetAsync($"/api/members/points/members/{member}/ledger")).AssertStatusAsync(200);
            Assert.Equal(1, ledger["pending"]!.GetValue<int>());
        }
    }

    [Fact]
    public async Task A_township_clerk_closes_a_month_and_sees_the_summary_and_the_close_in_the_list()
    {
        var tree = await system.PortalCountyAsync("PMC", "resident-cadres");
        var township = tree.Townships[0];
        // Four months back: over on the real clock and offered by the page; the other tests close last month.
        var first = new DateOnly(CrossServiceSupport.Today.Year, CrossServiceSupport.Today.Month, 1).AddMonths(-4);
        var month = $"{first.Year} 年 {first.Month} 月";
        var county = system.Gateway(PartyRoles.County, tree.County);
        var cadre = await (await county.PostJsonAsync("/api/resident-cadres/cadres", new
        {
            userId = "u-" + Guid.NewGuid().ToString("N")[..12], name = "关账驻村", dispatchingUnit = "县农业农村局",
            orgUnitId = township.Villages[0],
        })).AssertStatusAsync(201);
        await (await county.PostJsonAsync($"/api/resident-cadres/cadres/{cadre["id"]}/assignments", new
        {
            villageId = township.Villages[0], role = "firstSecretary", countyDispatched = true, startsOn = first,
        })).AssertStatusAsync(201);
        var clerk = await system.AccountAsync(PartyRoles.Township, township.Id, "乡镇组织委员");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await PortalSupport.LaunchAsync(playwright);
        await browser.RecordingFailuresAsync("month-close", async () =>
        {
            var office = await PortalSupport.OfficeAsync(browser);
            var page = await system.SignInAsync(office, clerk, "statements");
            await SelectAsync(page, "close-month", month);
            await page.ClickAsync("[data-testid=close-start]");

            var meaning = page.Locator("[data-testid=close-meaning]");
            await meaning.WaitForAsync();
            Assert.Contains($"驻村干部 {month}的在村天数", await meaning.InnerTextAsync());
            await page.ScreenshotAsync("portal-month-close-dialog.png", fullPage: false);
            await page.ClickAsync("[data-testid=close-confirm]");

            var summary = page.Locator("[data-testid=close-summary]");
            await summary.WaitForAsync();
            var said = await summary.InnerTextAsync();
            Assert.Contains($"已关 {month}的账", said);
            Assert.Contains("1 名驻村干部，生成补助核算单 1 张", said);
            Assert.Contains("其中待乡镇审核 1 张", said);
            var row = page.Locator("[data-testid=closes] tbody tr").Filter(new LocatorFilterOptions { HasText = month });
            await row.Filter(new LocatorFilterOptions { HasText = "第1乡镇党委" }).WaitForAsync();
            Assert.Contains("审核上报（1 张）", await row.InnerTextAsync());
            await page.ScreenshotAsync("portal-month-close.png");
            await office.CloseAsync();
        });
        var closes = await (await system.Gateway(PartyRoles.Township, township.Id)
            .GetAsync($"/api/resident-cadres/closes?year={first.Year}")).AssertStatusAsync(200);
        var close = Assert.Single(closes["items"]!.AsArray());
        Assert.Equal(first.Month, close!["month"]!.GetValue<int>());
        Assert.Equal(1, close["cadres"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_county_clerk_runs_the_year_end_points_close_and_sees_the_grades_in_the_summary()
    {
        var tree = await system.PortalCountyAsync("PYC", "members");
        // Two years back: its last declaration window is long closed, and no other test closes that year.
        var year = CrossServiceSupport.Today.Year - 2;
        var suffix = Guid.NewGuid().ToString("N")[..4];
        string[] names = ["赵" + suffix, "钱" + suffix, "孙" + suffix];
        var villages = new[] { tree.Townships[0].Villages[0], tree.Townships[0].Villages[0], tree.Townships[1].Villages[0] };
        for (var i = 0; i < names.Length; i++)
            await system.Gateway(PartyRoles.Township, tree.Townships[i < 2 ? 0 : 1].Id).CreateFullMemberAsync(villages[i], names[i]);
        var clerk = await system.AccountAsync(PartyRoles.County, tree.County, "县委组织部干部");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await PortalSupport.LaunchAsync(playwright);
        string said = "";
        await browser.RecordingFailuresAsync("year-close", async () =>
        {
            var office = await PortalSupport.OfficeAsync(browser);
            var page = await system.SignInAsync(office, clerk, "points/year-close");
            await SelectAsync(page, "year", $"{year} 年");
            await page.Locator("[data-testid=assessments]").Filter(new LocatorFilterOptions { HasText = $"{year} 年还没有评定结果" })
                .WaitForAsync();
            await page.ClickAsync("[data-testid=year-close-start]");

            var meaning = page.Locator("[data-testid=year-close-meaning]");
            await meaning.WaitForAsync();
            Assert.Contains($"{year} 年度积分", await meaning.InnerTextAsync());
            await page.ClickAsync("[data-testid=year-close-confirm]");

            var summary = page.Locator("[data-testid=year-close-summary]");
            await summary.WaitForAsync();
            said = await summary.InnerTextAsync();
            Assert.Contains($"已完成 {year} 年年终积分评定：2 个党支部，3 名党员。", said);
            var rows = page.Locator("[data-testid=assessments] tbody tr");
            foreach (var name in names) await rows.Filter(new LocatorFilterOptions { HasText = name }).WaitForAsync();
            await page.ScreenshotAsync("portal-year-close.png");
            await office.CloseAsync();
        });
        // The summary's grades are those the members service wrote.
        var assessments = (await (await system.Gateway(PartyRoles.County, tree.County)
            .GetAsync($"/api/members/points/assessments?year={year}&pageSize=20")).AssertStatusAsync(200))["items"]!.AsArray();
        Assert.Equal(names.Order(), assessments.Select(a => a!["memberName"]!.GetValue<string>()).Order());
        int Graded(string grade) => assessments.Count(a => a!["grade"]!.GetValue<string>() == grade);
        Assert.Contains($"优秀 {Graded("excellent")} 人，合格 {Graded("qualified")} 人，基本合格 {Graded("basicallyQualified")} 人，" +
            $"不合格 {Graded("unqualified")} 人", said);
    }

    /// <summary>
    /// Picks an option of a select that already shows a value (the shown value is the element with the test id; the input
    /// beside it is hidden), by its whole text: "2026 年 1 月" is not "2026 年 11 月". A click while the page is still drawing
    /// its lists may leave the list closed: it is clicked again.
    /// </summary>
    private static async Task SelectAsync(IPage page, string testId, string option)
    {
        var item = page.Locator(".mud-popover-open")
            .GetByRole(AriaRole.Option, new LocatorGetByRoleOptions { Name = option, Exact = true });
        for (var attempt = 1; ; attempt++)
        {
            await page.Locator($"[data-testid={testId}]").First.ClickAsync();
            try
            {
                await item.WaitForAsync(new LocatorWaitForOptions { Timeout = 10_000 });
                break;
            }
            catch (TimeoutException) when (attempt < 5)
            {
                // Not open yet: click again.
            }
        }
        await item.ClickAsync();
        await page.Locator(".mud-popover-open").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached });
    }
}
