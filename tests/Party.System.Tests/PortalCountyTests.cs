using Microsoft.Playwright;
using Party.ServiceDefaults.Auth;
using Party.Testing;

namespace Party.System.Tests;

/// <summary>
/// The county's own pages in the portal: a county clerk opens the reports of a county built here (a rating in its public
/// notice, a stationed cadre, village branches that have not admitted anyone) and sees them charted, and exports a table.
/// </summary>
[Collection(SystemCollection.Name)]
public class PortalCountyTests(SystemFixture system)
{
    private static readonly string[] Goods = ["strongLeadership", "membersRole", "collectiveEconomy", "livelihood", "villageGovernance"];

    [Fact]
    public async Task A_county_clerk_sees_the_reports_charted_with_the_countys_data_and_exports_a_table()
    {
        var tree = await system.PortalCountyAsync("PCY", "resident-cadres");
        var county = system.Gateway(PartyRoles.County, tree.County);
        var (today, last) = (CrossServiceSupport.Today, CrossServiceSupport.FirstOfLastMonth);
        var (rated, stationed) = (tree.Townships[0].Villages[0], tree.Townships[1].Villages[0]);

        // A star rating of this year through the county's approval (公示中): it counts for 第1乡镇党委.
        var scores = Goods.ToDictionary(g => g, _ => 18m);
        var rating = await (await system.Gateway(PartyRoles.Branch, rated).PostJsonAsync("/api/branches/ratings",
            new { branchId = rated, year = today.Year, scores, summary = "五好自评" })).AssertStatusAsync(201);
        await (await system.Gateway(PartyRoles.Township, tree.Townships[0].Id).PostJsonAsync(
            $"/api/branches/ratings/{rating["id"]}/review", new { scores, keyTasksDone = true, comment = "乡镇审核" })).AssertStatusAsync(200);
        await (await county.PostAsync($"/api/branches/rating-rounds/{today.Year}/approve", null)).AssertStatusAsync(200);

        // A cadre stationed in 第2乡镇 since the 1st of last month: this month counts one cadre, not yet compliant; last month is
        // closed by the township, whose check sends its stipend statement on to the county.
        var cadre = await (await county.PostJsonAsync("/api/resident-cadres/cadres", new
        {
            userId = "u-" + Guid.NewGuid().ToString("N")[..12], name = "钱驻村", dispatchingUnit = "县农业农村局", orgUnitId = stationed,
        })).AssertStatusAsync(201);
        await (await county.PostJsonAsync($"/api/resident-cadres/cadres/{cadre["id"]}/assignments", new
        {
            villageId = stationed, role = "firstSecretary", countyDispatched = true, startsOn = last,
        })).AssertStatusAsync(201);
        var township = system.Gateway(PartyRoles.Township, tree.Townships[1].Id);
        var close = await (await township.PostJsonAsync($"/api/resident-cadres/months/{last.Year}/{last.Month}/close", new { }))
            .AssertStatusAsync(201);
        await (await township.PostAsync($"/api/resident-cadres/closes/{close["id"]}/township-approval", null)).AssertStatusAsync(200);
        var clerk = await system.AccountAsync(PartyRoles.County, tree.County, "县委组织部干部");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await PortalSupport.LaunchAsync(playwright);
        await browser.RecordingFailuresAsync("county", async () =>
        {
            var office = await PortalSupport.OfficeAsync(browser);
            var page = await system.SignInAsync(office, clerk, "reports");

            // Stars by township: the approved rating is in 第1乡镇党委's row and the chart is drawn.
            var township = page.Locator("[data-testid=table-stars] tbody tr").Filter(new LocatorFilterOptions { HasText = "第1乡镇党委" });
            await township.WaitForAsync();
            Assert.Equal("1", (await township.Locator("td").Last.InnerTextAsync()).Trim());
            await page.Locator("[data-testid=chart-stars] svg").WaitForAsync();

            // Attendance by month: this month's one cadre, drawn.
            var month = page.Locator("[data-testid=table-attendance] tbody tr").Filter(new LocatorFilterOptions { HasText = "（进行中）" });
            await month.WaitForAsync();
            var cells = (await month.Locator("td").AllInnerTextsAsync()).Select(c => c.Trim()).ToArray();
            Assert.Equal([$"{today.Month} 月（进行中）", "1", "0", "1"], cells[1..5]);
            await page.Locator("[data-testid=chart-attendance] svg").WaitForAsync();

            // Development warnings: both villages have never admitted anyone (整改), counted in the chart and listed.
            await page.Locator("[data-testid=chart-warnings] svg").WaitForAsync();
            var warnings = page.Locator("[data-testid=table-warnings] tbody tr");
            await warnings.Filter(new LocatorFilterOptions { HasText = "第2乡镇第1村党支部" }).WaitForAsync();
            Assert.Equal(2, await warnings.CountAsync());
            Assert.Contains("整改（满 3 年）", await warnings.First.InnerTextAsync());
            await page.ScreenshotAsync("portal-reports.png");

            // The warnings table as the file a clerk sends on: the same two villages.
            var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-testid=export-warnings]"));
            Assert.Equal($"发展党员预警-{today:yyyy-MM-dd}.xlsx", download.SuggestedFilename);
            var sheet = (await MiniExcelLibs.MiniExcel.QueryAsync(await download.PathAsync(), useHeaderRow: true,
                excelType: MiniExcelLibs.ExcelType.XLSX)).Cast<IDictionary<string, object>>().ToList();
            Assert.Equal(["第1乡镇第1村党支部", "第2乡镇第1村党支部"], sheet.Select(r => (string)r["村党组织"]).Order().ToArray());
            Assert.All(sheet, r => Assert.Equal("整改（满 3 年）", (string)r["预警"]));

            // The stipend statement the township sent on: the county approves the close's one statement from its row.
            await page.GotoAsync($"{system.Issuer}statements?year={last.Year}", PortalSupport.GoParsed);
            var closeRow = page.Locator("[data-testid=closes] tbody tr").Filter(new LocatorFilterOptions { HasText = "第2乡镇党委" });
            await closeRow.Locator("[data-testid=county-approve]").WaitForAsync();
            Assert.Contains($"{last.Year} 年 {last.Month} 月", await closeRow.InnerTextAsync());
            await page.ScreenshotAsync("portal-statements.png");
            await closeRow.Locator("[data-testid=county-approve]").ClickAsync();
            await closeRow.Locator("[data-testid=county-approve]").WaitForAsync(new LocatorWaitForOptions
            {
                State = WaitForSelectorState.Detached,
            });
            await closeRow.Locator("[data-testid=open-close]").ClickAsync();
            var statement = page.Locator("[data-testid=statements] tbody tr").Filter(new LocatorFilterOptions { HasText = "钱驻村" });
            await statement.Filter(new LocatorFilterOptions { HasText = "已审定" }).WaitForAsync();
            var approved = await (await county.GetAsync($"/api/resident-cadres/closes/{close["id"]}")).AssertStatusAsync(200);
            Assert.Equal((0, 1), (approved["pendingCounty"]!.GetValue<int>(), approved["approved"]!.GetValue<int>()));

            // Nominations and configuration open for the county (read only here: the points rules are shared by every test).
            await page.GotoAsync($"{system.Issuer}nominations", PortalSupport.GoParsed);
            await page.Locator("[data-testid=nominations]").GetByText("没有待审核的推荐").WaitForAsync();
            await page.ScreenshotAsync("portal-nominations.png");
            await page.GotoAsync($"{system.Issuer}config", PortalSupport.GoParsed);
            await page.Locator("[data-testid=rules-history] tbody tr").First.WaitForAsync();
            await page.ScreenshotAsync("portal-config.png");
        });
    }
}
