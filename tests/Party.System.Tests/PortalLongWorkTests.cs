using Microsoft.Playwright;
using Party.ServiceDefaults.Auth;
using Party.Testing;

namespace Party.System.Tests;

/// <summary>
/// Long work in the portal through the real gateway: a branch secretary records one points item for the members of a
/// meeting day at once (会议日批量登记), sees the progress end in a summary, and the entries wait for review.
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
}
