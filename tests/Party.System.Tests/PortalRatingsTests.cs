using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Party.ServiceDefaults.Auth;
using Party.Testing;

namespace Party.System.Tests;

/// <summary>
/// Branch star rating (支部星级评定) in the township portal: a township clerk finds the branch that has self-assessed, scores
/// it on the five goods without any instructions beyond the page, and the branches service holds the township's score; the
/// same page with another township's branch id typed into the address says only that nothing was found.
/// </summary>
[Collection(SystemCollection.Name)]
public class PortalRatingsTests(SystemFixture system)
{
    private static readonly string[] Goods = ["strongLeadership", "membersRole", "collectiveEconomy", "livelihood", "villageGovernance"];

    [Fact]
    public async Task A_township_user_scores_a_branch_and_cannot_open_another_townships_branch_by_editing_the_address()
    {
        await WarmUpAsync();
        var tree = await system.PortalCountyAsync("PRS");
        var (own, other) = (tree.Townships[0].Villages[0], tree.Townships[1].Villages[0]);
        var year = CrossServiceSupport.Today.Year;
        var self = Goods.Zip(new[] { 18m, 17m, 16m, 18m, 17m }).ToDictionary(x => x.First, x => x.Second);
        var rating = (await (await system.Gateway(PartyRoles.Branch, own).PostJsonAsync("/api/branches/ratings",
            new { branchId = own, year, scores = self, summary = "五好自评" })).AssertStatusAsync(201))["id"]!.GetValue<Guid>();
        var clerk = await system.AccountAsync(PartyRoles.Township, tree.Townships[0].Id, "乡镇组织委员");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await PortalSupport.LaunchAsync(playwright);
        await browser.RecordingFailuresAsync("ratings", async () =>
        {
            var office = await PortalSupport.OfficeAsync(browser);
            var page = await system.SignInAsync(office, clerk, "ratings");

            // The branch that has self-assessed waits for scoring; its button says what to do.
            var row = page.Locator("[data-testid=ratings] tbody tr").Filter(new LocatorFilterOptions { HasText = "第1乡镇第1村党支部" });
            await row.Filter(new LocatorFilterOptions { HasText = "待审核" }).WaitForAsync();
            Assert.Contains("86", await row.InnerTextAsync());
            await row.Locator("[data-testid=open]").ClickAsync();
            await page.WaitForURLAsync(new Regex($"/ratings/{own}\\?year={year}$"), PortalSupport.Parsed);

            // The form starts from the branch's own scores; the clerk lowers one and the total and its stars follow.
            await page.Locator("[data-testid=score-form]").WaitForAsync();
            await page.Field("score-collectiveEconomy").FillAsync("12");
            await page.Field("score-collectiveEconomy").PressAsync("Tab");
            await page.Locator("[data-testid=total]").Filter(new LocatorFilterOptions { HasText = "合计 82 分" })
                .Filter(new LocatorFilterOptions { HasText = "四星" }).WaitForAsync();
            await page.Locator("[data-testid=key-tasks]").GetByText("已完成").ClickAsync();
            await page.ScreenshotAsync("portal-ratings-score.png");
            await page.ClickAsync("[data-testid=submit]");
            var result = page.Locator("[data-testid=result-score]");
            await result.Or(page.Locator("[data-testid=problem]")).First.WaitForAsync();
            if (await result.CountAsync() != 1) Assert.Fail("the score was refused: " + await page.InnerTextAsync("[data-testid=problem]"));
            Assert.Contains("审核得分 82 分", await result.InnerTextAsync());

            // The branches service holds the township's score.
            var stored = await (await system.Gateway(PartyRoles.Township, tree.Townships[0].Id)
                .GetAsync($"/api/branches/ratings/{rating}")).AssertStatusAsync(200);
            Assert.Equal("townshipReviewed", stored["status"]!.GetValue<string>());
            Assert.Equal(82m, stored["score"]!.GetValue<decimal>());
            Assert.Equal(12m, stored["reviewScores"]!["collectiveEconomy"]!.GetValue<decimal>());
            Assert.True(stored["keyTasksDone"]!.GetValue<bool>());

            // Back in the list it waits for the county, with its score and stars.
            await page.GotoAsync($"{system.Issuer}ratings?year={year}", PortalSupport.GoParsed);
            await row.Filter(new LocatorFilterOptions { HasText = "待县级审定" }).WaitForAsync();
            Assert.Contains("★★★★", await row.InnerTextAsync());
            await page.ScreenshotAsync("portal-ratings.png");

            // Another township's branch by its id in the address: the message a missing record gets, nothing of the branch.
            await page.GotoAsync($"{system.Issuer}ratings/{other}", PortalSupport.GoParsed);
            await page.Locator("[data-testid=problem-message]").WaitForAsync();
            Assert.Equal("未找到该记录，或它不在您的管辖范围内。", (await page.InnerTextAsync("[data-testid=problem-message]")).Trim());
            Assert.DoesNotContain("第2乡镇", await page.ContentAsync());
            Assert.Equal(0, await page.Locator("[data-testid=score-form]").CountAsync());
        });
    }

    /// <summary>
    /// Run alone on a loaded machine this is the branches service's first request of the run, and its first answer can take
    /// longer than a client's 30 s: ask until it answers (a few minutes at most) before the steps that are timed.
    /// </summary>
    private async Task WarmUpAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await (await system.Operator().GetAsync("/api/branches/org-units?pageSize=1")).AssertStatusAsync(200);
                return;
            }
            catch (TaskCanceledException) when (attempt < 6)
            {
                // Not answered within the client's timeout yet: ask again.
            }
        }
    }
}
